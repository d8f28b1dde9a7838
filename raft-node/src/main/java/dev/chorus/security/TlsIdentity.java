package dev.chorus.security;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One party's TLS material: a PKCS#12 key store holding its key, its certificate chain and the cluster CA (as a
 * trusted entry), opened with the password in the cluster's password file.
 *
 * @param name     the certificate's common name: {@code node:<id>} or {@code client}
 * @param keyStore PKCS#12 file
 * @param password its password
 */
public record TlsIdentity(String name, Path keyStore, String password) {
    public static final String PASSWORD_FILE = "keystore.pass";
    public static final String CLIENT = "client";
    private static final String NODE_PREFIX = "node:";

    public static String nodeName(String nodeId) {
        return NODE_PREFIX + nodeId;
    }

    /** The node id a certificate name stands for, if it is a node's. */
    public static Optional<String> nodeIdOf(String name) {
        return name != null && name.startsWith(NODE_PREFIX) ? Optional.of(name.substring(NODE_PREFIX.length()))
                : Optional.empty();
    }

    /** Node {@code nodeId}'s identity in {@code cluster}'s TLS directory; empty when the cluster has no TLS. */
    public static Optional<TlsIdentity> node(ClusterConfig cluster, String nodeId) throws ConfigException {
        return load(cluster, nodeName(nodeId), nodeId + ".p12");
    }

    /** The identity clients (CLI, dashboard, workloads) present; empty when the cluster has no TLS. */
    public static Optional<TlsIdentity> client(ClusterConfig cluster) throws ConfigException {
        return load(cluster, CLIENT, CLIENT + ".p12");
    }

    private static Optional<TlsIdentity> load(ClusterConfig cluster, String name, String file) throws ConfigException {
        Path dir = cluster.tlsDir();
        if (dir == null) {
            return Optional.empty();
        }
        Path keyStore = dir.resolve(file);
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        for (Path p : new Path[] {keyStore, passwordFile}) {
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("TLS file " + p + " is missing (create it with: chorus tls issue --dir "
                        + cluster.baseDir() + " " + name + ")");
            }
            new SecretFile(p, "TLS file").requireOwnerOnly();
        }
        return Optional.of(new TlsIdentity(name, keyStore, new SecretFile(passwordFile, "TLS password file").readSecret()));
    }

    @Override
    public String toString() {
        return "TlsIdentity[" + name + ", " + keyStore + "]";
    }
}
