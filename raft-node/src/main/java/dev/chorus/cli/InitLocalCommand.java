package dev.chorus.cli;

import dev.chorus.admin.AdminToken;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ClusterFile;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import dev.chorus.security.ClusterCa;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code chorus init-local [--dir DIR] --nodes N --groups G}: writes the cluster file of a local cluster (every group
 * replicated on every node, preferred leaders spread round-robin, key space split evenly over 'a'..'z') unless DIR
 * already has one, which is then only validated: re-running a cluster keeps its layout and data. A new cluster also
 * gets a fresh admin token ({@value #TOKEN_FILE}, owner-only), its own certificate authority with a key store per
 * node and one for clients ({@value #TLS_DIR}/, owner-only: every Raft-port connection is mutual TLS) and has fault
 * injection enabled.
 */
@Command(name = "init-local", description = "Write the cluster file for a local cluster (used by start-cluster.sh).")
final class InitLocalCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "3", paramLabel = "N")
    int nodes;
    @Option(names = "--groups", defaultValue = "3", paramLabel = "G")
    int groups;
    @Option(names = "--base-port", defaultValue = "8101", paramLabel = "P",
            description = "node i gets raft port P+i-1 and admin port P+1000+i-1 (default 8101)")
    int basePort;
    @Option(names = "--etcd-api", description = "give node i an etcd v3 API port P+2000+i-1 (plaintext, loopback)")
    boolean etcdApi;
    @Option(names = "--election-timeout-ms", defaultValue = "1000", paramLabel = "MS")
    int electionTimeoutMs;
    @Spec
    CommandSpec spec;

    /** Beside the cluster file; written with owner-only permissions. */
    static final String TOKEN_FILE = "admin.token";
    /** Beside the cluster file: the cluster CA, a key store per node and one for clients, all owner-only. */
    static final String TLS_DIR = "tls";

    @Override
    public Integer call() throws Exception {
        ClusterOptions options = ClusterOptions.of(spec);
        if (options.clusterFileGiven()) {
            throw new IllegalArgumentException("init-local writes DIR/" + ClusterOptions.CLUSTER_FILE + ": give --dir DIR, not --cluster");
        }
        Path dir = options.dir();
        Path file = dir.resolve(ClusterOptions.CLUSTER_FILE);
        if (Files.exists(file)) {
            ClusterConfigLoader.load(file);
            spec.commandLine().getOut().println("using existing " + file);
            return ExitCodes.OK;
        }
        if (nodes < 1 || nodes > 9 || groups < 1 || groups > 26) {
            throw new IllegalArgumentException("--nodes must be within 1..9 and --groups within 1..26");
        }
        if (basePort < 1024 || basePort + (etcdApi ? 2000 : 1000) + nodes > 65535) {
            throw new IllegalArgumentException("--base-port must leave room for raft, admin"
                    + (etcdApi ? ", etcd" : "") + " ports within 1024..65535");
        }
        ClusterFile cluster = layout(nodes, groups, basePort, electionTimeoutMs, etcdApi);
        // Validate before writing: a bad layout must leave nothing behind.
        ClusterConfigLoader.parse(ClusterConfigLoader.toJson(cluster), dir.toAbsolutePath(), file.toString());
        Files.createDirectories(dir);
        AdminToken.generate(dir.resolve(TOKEN_FILE));
        // No cluster file yet, so a TLS directory here is the leftover of an interrupted init-local: no node ever
        // ran with it. Start it afresh rather than refuse forever.
        deleteLeftover(dir.resolve(TLS_DIR));
        TlsCommands.issueAll(ClusterCa.create(dir.resolve(TLS_DIR), cluster.name()), cluster.nodes());
        ClusterConfigLoader.write(cluster, file);
        spec.commandLine().getOut().println("wrote " + file);
        return ExitCodes.OK;
    }

    private static void deleteLeftover(Path tls) throws java.io.IOException {
        if (!Files.isDirectory(tls)) {
            return;
        }
        try (var files = Files.list(tls)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(tls);
    }

    static ClusterFile layout(int nodeCount, int groupCount, int basePort, int electionTimeoutMs) {
        return layout(nodeCount, groupCount, basePort, electionTimeoutMs, false);
    }

    /** {@code etcdApi}: node i also serves etcd's v3 API on P+2000+i-1 (module etcd-api). */
    static ClusterFile layout(int nodeCount, int groupCount, int basePort, int electionTimeoutMs, boolean etcdApi) {
        List<NodeSpec> nodes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            String id = "n" + i;
            ids.add(id);
            nodes.add(new NodeSpec(id, "127.0.0.1:" + (basePort + i - 1), "127.0.0.1:" + (basePort + 1000 + i - 1), "data/" + id,
                    etcdApi ? "127.0.0.1:" + (basePort + 2000 + i - 1) : null));
        }
        List<GroupSpec> groups = new ArrayList<>();
        String letters = "abcdefghijklmnopqrstuvwxyz";
        String start = "";
        for (int g = 1; g <= groupCount; g++) {
            String end = g == groupCount ? "" : String.valueOf(letters.charAt(Math.round(26f * g / groupCount)));
            groups.add(new GroupSpec("g" + g, new GroupSpec.RangeSpec(start, end), ids, ids.get((g - 1) % nodeCount)));
            start = end;
        }
        return new ClusterFile("chorus-local", true, TOKEN_FILE, nodes, groups,
                new ClusterFile.Raft(electionTimeoutMs, 600, 0, true, false), null, TLS_DIR, null);
    }
}
