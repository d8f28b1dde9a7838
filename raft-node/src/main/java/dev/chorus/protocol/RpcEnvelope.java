package dev.chorus.protocol;

import java.io.Serializable;

/**
 * The objects bolt carries between client and node on the Raft port. They hold only opaque bytes encoded by
 * {@link WireCodec}, so bolt's (hessian) serialization sees two trivial classes and our format stays our own.
 */
public final class RpcEnvelope {
    private RpcEnvelope() {
    }

    public static final class Request implements Serializable {
        private static final long serialVersionUID = 1L;
        private String groupId;
        private byte[] body;

        public Request() {
        }

        public Request(String groupId, byte[] body) {
            this.groupId = groupId;
            this.body = body;
        }

        public String groupId() {
            return groupId;
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
