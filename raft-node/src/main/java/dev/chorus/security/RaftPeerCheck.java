package dev.chorus.security;

import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Admits a Raft message only from a node of this cluster: the connection's certificate must name a node ({@code
 * node:<id>}), and when the message declares its sender ({@code server_id}), that sender must be the configured
 * address of that very node. A client certificate, or a node claiming another node's address, gets {@code EPERM} and
 * the message is never handed to jraft (which trusts {@code server_id}: an AppendEntries with a higher term from
 * anyone would make a leader step down).
 *
 * @param senderNodeId the configured node id at a message's {@code server_id}; empty when the message has no
 *                     sender field, null-safe; unknown addresses map to {@code Optional.of("")}
 */
public record RaftPeerCheck(Function<Object, Optional<String>> senderNodeId) {

    public <T> RpcProcessor<T> guard(RpcProcessor<T> processor) {
        return new RpcProcessor<>() {
            @Override
            public void handleRequest(RpcContext ctx, T request) {
                String refusal = refusal(PeerIdentity.of(ctx.getConnection()), request);
                if (refusal != null) {
                    ctx.sendResponse(RpcFactoryHelper.responseFactory().newResponse(null, RaftError.EPERM, refusal));
                    return;
                }
                processor.handleRequest(ctx, request);
            }

            @Override
            public String interest() {
                return processor.interest();
            }

            @Override
            public Executor executor() {
                return processor.executor();
            }

            @Override
            public ExecutorSelector executorSelector() {
                return processor.executorSelector();
            }
        };
    }

    /** Why {@code request} from {@code peer} is refused, or null if it is admitted. */
    String refusal(Optional<String> peer, Object request) {
        if (peer.isEmpty()) {
            return "raft messages need an authenticated node connection";
        }
        Optional<String> node = TlsIdentity.nodeIdOf(peer.get());
        if (node.isEmpty()) {
            return "raft messages are accepted from nodes only, not from '" + peer.get() + "'";
        }
        Optional<String> sender = senderNodeId.apply(request);
        if (sender.isPresent() && !sender.get().equals(node.get())) {
            return "node '" + node.get() + "' may not send raft messages as "
                    + (sender.get().isEmpty() ? "an unknown address" : "node '" + sender.get() + "'");
        }
        return null;
    }
}
