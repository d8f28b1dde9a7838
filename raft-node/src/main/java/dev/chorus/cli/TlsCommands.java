package dev.chorus.cli;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.config.NodeSpec;
import dev.chorus.security.ClusterCa;
import dev.chorus.security.TlsIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * {@code chorus tls init} gives a cluster whose file names a {@code "tlsDir"} its CA and every key store;
 * {@code chorus tls issue NAME} writes one more (a node added to the cluster file, or {@code client}) with the
 * existing CA. Nodes and clients pick their store up from the cluster file's {@code tlsDir}.
 */
@Command(name = "tls", description = "Certificates of the cluster's own CA (mutual TLS on the raft port).",
        subcommands = {TlsCommands.Init.class, TlsCommands.Issue.class})
final class TlsCommands extends CommandGroup {

    /** Issues a key store for every node of {@code cluster} and one for clients. */
    static void issueAll(ClusterCa ca, java.util.List<NodeSpec> nodes) throws IOException, GeneralSecurityException {
        for (NodeSpec node : nodes) {
            ca.issueNode(node.id());
        }
        ca.issueClient();
    }

    private static Path tlsDir(ClusterConfig config) throws ConfigException {
        if (config.tlsDir() == null) {
            throw new ConfigException("the cluster file names no \"tlsDir\"; add e.g. \"tlsDir\": \"tls\" first");
        }
        return config.tlsDir();
    }

    @Command(name = "init", description = "Create the cluster CA and a key store for every node and for clients.")
    static final class Init extends ClusterCommand {
        @Override
        public Integer call() throws Exception {
            ClusterConfig config = cluster().load();
            Path dir = tlsDir(config);
            issueAll(ClusterCa.create(dir, config.name()), config.nodes());
            out().println("wrote the cluster CA and " + (config.nodes().size() + 1) + " key stores to " + dir);
            return ExitCodes.OK;
        }
    }

    @Command(name = "issue", description = "Write a key store for node ID (or for 'client') signed by the cluster CA.")
    static final class Issue extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "a node id of the cluster file, or 'client'")
        String name;

        @Override
        public Integer call() throws Exception {
            ClusterConfig config = cluster().load();
            ClusterCa ca = ClusterCa.open(tlsDir(config));
            Path written;
            if (TlsIdentity.CLIENT.equals(name)) {
                written = ca.issueClient();
            } else if (config.node(name).isPresent()) {
                written = ca.issueNode(name);
            } else {
                throw new ConfigException("'" + name + "' is neither a node of the cluster file nor 'client'");
            }
            out().println("wrote " + written);
            return ExitCodes.OK;
        }
    }
}
