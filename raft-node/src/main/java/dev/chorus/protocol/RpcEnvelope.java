package dev.chorus.protocol;


/**
 * The objects bolt carries between client and node on the Raft port. They hold only opaque bytes encoded by
 * {@link WireCodec}, and bolt carries them as raw bytes through {@link WireSerializers}: never Hessian.
 */
public final class RpcEnvelope {
    private RpcEnvelope() {
    }

    public static final class Request {
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

    public static final class Response {
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
