package dev.chorus.security;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.config.NodeSpec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Decides, before a node listens, how its Raft port is protected: mutual TLS when the cluster has a TLS directory;
 * otherwise plain, which is allowed only where no one else can connect (a loopback address) or where the cluster
 * file says {@code "insecure": true}.
 */
public final class TransportPolicy {
    private TransportPolicy() {
    }

    /** Node {@code node}'s identity, empty for a plain port; a one-line {@link ConfigException} when refused. */
    public static Optional<TlsIdentity> identityFor(ClusterConfig cluster, NodeSpec node) throws ConfigException {
        Optional<TlsIdentity> identity = TlsIdentity.node(cluster, node.id());
        String host = node.raft().host();
        if (identity.isEmpty()) {
            if (!cluster.insecure() && !loopback(host)) {
                throw new ConfigException("node " + node.id() + " would serve raft on " + host + " to anyone: give the "
                        + "cluster a \"tlsDir\" (chorus tls init --dir DIR) or set \"insecure\": true in the cluster file");
            }
            return identity;
        }
        String jraft = JraftClientTls.installed().orElse(null);
        if (!identity.get().keyStore().toString().equals(jraft)) {
            throw new ConfigException("node " + node.id() + " has TLS, but this process's raft clients present "
                    + (jraft == null ? "no certificate" : jraft) + ": run each TLS node in a process of its own (chorus-node)");
        }
        return identity;
    }

    public static boolean loopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
