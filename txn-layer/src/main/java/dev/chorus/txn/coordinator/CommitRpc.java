package dev.chorus.txn.coordinator;

import java.io.Serializable;

/**
 * The request a client sends a node's coordinator, carried by bolt on the node's raft port (its own class, so bolt
 * routes it to the coordinator). Opaque bytes: the whole transaction encoded as a {@code TxnOnePhase} command. The
 * answer is an ordinary {@code RpcEnvelope.Response} holding a {@code TxnOutcome}, all in Chorus's own binary
 * format ({@code WireCodec}).
 */
public final class CommitRpc {
    private CommitRpc() {
    }

    public static final class Request implements Serializable {
        private static final long serialVersionUID = 1L;
        private byte[] body;

        public Request() {
        }

        public Request(byte[] body) {
            this.body = body;
        }

        public byte[] body() {
            return body;
        }
    }
}
