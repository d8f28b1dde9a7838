package dev.chorus.rpc;

import com.alipay.remoting.config.BoltClientOption;
import com.alipay.sofa.jraft.option.RpcOptions;
import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcClient;
import dev.chorus.security.TlsIdentity;

import java.util.Optional;

/**
 * The RPC clients Chorus itself opens to nodes (the KV client, the transaction client): bolt clients that, when the
 * cluster has TLS, present {@code identity}'s certificate and trust only the cluster CA. jraft's own clients (a
 * node's replicators and votes) are created inside jraft, and bolt gives those their TLS settings from JVM system
 * properties: see {@link dev.chorus.security.JraftClientTls}.
 */
public final class RpcClients {
    private RpcClients() {
    }

    public static RpcClient create(Optional<TlsIdentity> identity, int connectTimeoutMs) {
        com.alipay.remoting.rpc.RpcClient bolt = new com.alipay.remoting.rpc.RpcClient();
        identity.ifPresent(id -> {
            bolt.option(BoltClientOption.CLI_SSL_ENABLE, true);
            bolt.option(BoltClientOption.CLI_SSL_KEYSTORE_TYPE, "PKCS12");
            bolt.option(BoltClientOption.CLI_SSL_KEYSTORE, id.keyStore().toString());
            bolt.option(BoltClientOption.CLI_SSL_KEYSTORE_PASS, id.password());
        });
        RpcClient client = new BoltRpcClient(bolt);
        RpcOptions options = new RpcOptions();
        options.setRpcConnectTimeoutMs(connectTimeoutMs);
        client.init(options);
        return client;
    }
}
