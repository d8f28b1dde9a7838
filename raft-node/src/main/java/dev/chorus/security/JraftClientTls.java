package dev.chorus.security;

import java.util.Optional;

/**
 * The TLS identity of the bolt clients jraft creates inside a node (replicators, votes, snapshot fetches). jraft
 * gives no hook to configure them; bolt reads their TLS settings from JVM system properties, the only way in. So
 * this identity is per process, and a process runs at most one TLS node: {@link #installed()} lets a node check that
 * the process speaks for it.
 */
public final class JraftClientTls {
    private static final String ENABLE = "bolt.client.ssl.enable";
    private static final String KEY_STORE = "bolt.client.ssl.keystore";

    private JraftClientTls() {
    }

    /** Call at process start, before any jraft node starts. */
    public static void install(TlsIdentity identity) {
        System.setProperty(ENABLE, "true");
        System.setProperty("bolt.client.ssl.keystore.type", "PKCS12");
        System.setProperty(KEY_STORE, identity.keyStore().toString());
        System.setProperty("bolt.client.ssl.keystore.password", identity.password());
    }

    /** The key store jraft's clients in this process present, if any. */
    public static Optional<String> installed() {
        return Boolean.getBoolean(ENABLE) ? Optional.ofNullable(System.getProperty(KEY_STORE)) : Optional.empty();
    }
}
