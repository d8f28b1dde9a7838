package dev.chorus.txn.coordinator;


/**
 * The request a client sends a node's coordinator, carried by bolt on the node's raft port (its own class, so bolt
 * routes it to the coordinator). Opaque bytes: the whole transaction, a {@code TxnCommitRequest} ({@code WireCodec}). The
 * answer is an ordinary {@code RpcEnvelope.Response} holding a {@code TxnOutcome}, all in Chorus's own binary
 * format ({@code WireCodec}).
 */
public final class CommitRpc {
    private CommitRpc() {
    }

    /** bolt carries the request as its raw bytes ({@code WireSerializers}); idempotent. */
    public static void registerSerializer() {
        dev.chorus.protocol.WireSerializers.register(Request.class, r -> ((Request) r).body(), Request::new);
    }

    public static final class Request {
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
