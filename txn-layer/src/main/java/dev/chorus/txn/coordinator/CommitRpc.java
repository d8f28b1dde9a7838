package dev.chorus.txn.coordinator;

import java.io.Serializable;

/**
 * The messages between a client and a node's coordinator, carried by bolt on the node's raft port. Opaque bytes:
 * the request is the whole transaction encoded as a {@code TxnOnePhase} command, the answer a {@code TxnOutcome}
 * response, both in Chorus's own binary format ({@code WireCodec}).
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

    public static final class Response implements Serializable {
        private static final long serialVersionUID = 1L;
        private byte[] body;

        public Response() {
        }

        public Response(byte[] body) {
            this.body = body;
        }

        public byte[] body() {
            return body;
        }
    }
}
