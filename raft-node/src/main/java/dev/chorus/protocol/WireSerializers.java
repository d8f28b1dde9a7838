package dev.chorus.protocol;

import com.alipay.remoting.CustomSerializer;
import com.alipay.remoting.CustomSerializerManager;
import com.alipay.remoting.DefaultCustomSerializer;
import com.alipay.remoting.InvokeContext;
import com.alipay.remoting.exception.DeserializationException;
import com.alipay.remoting.rpc.RequestCommand;
import com.alipay.remoting.rpc.ResponseCommand;
import com.alipay.remoting.rpc.protocol.RpcRequestCommand;
import com.alipay.remoting.rpc.protocol.RpcResponseCommand;

import java.util.function.Function;

/**
 * Puts Chorus's own messages on bolt as raw bytes in Chorus's format, so that no generic deserializer ever runs on
 * network input. bolt picks a message's deserializer by the class name the sender puts in the frame and, for a class
 * without a custom serializer, runs Hessian, which instantiates whatever classes the bytes name and allocates arrays
 * at sender-declared lengths. bolt looks up the receiving processor by that class name before it deserializes any
 * content, so with a custom serializer for every class Chorus registers a processor for (jraft does the same with
 * protobuf for its own), Hessian never sees a byte from the network. Headers are ignored: Chorus sends none.
 *
 * <p>The registry is bolt's, JVM-wide; registering is idempotent.
 */
public final class WireSerializers {
    private WireSerializers() {
    }

    /** Registers the envelopes of {@link RpcEnvelope}. Called by every node and client before it uses bolt. */
    public static void registerEnvelopes() {
        register(RpcEnvelope.Request.class, WireSerializers::encodeRequest, WireSerializers::decodeRequest);
        register(RpcEnvelope.Response.class, r -> ((RpcEnvelope.Response) r).body(), RpcEnvelope.Response::new);
    }

    /** Carries objects of {@code type} as the bytes {@code encode} makes of them; {@code decode} must reject junk. */
    public static synchronized void register(Class<?> type, Function<Object, byte[]> encode, Function<byte[], Object> decode) {
        if (CustomSerializerManager.getCustomSerializer(type.getName()) == null) {
            CustomSerializerManager.registerCustomSerializer(type.getName(), new BytesSerializer(encode, decode));
        }
    }

    private static byte[] encodeRequest(Object o) {
        RpcEnvelope.Request r = (RpcEnvelope.Request) o;
        return new ByteWriter().putString(r.groupId()).putBytes(r.body()).toByteArray();
    }

    private static Object decodeRequest(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        String group = in.getString();
        byte[] body = in.getRequiredBytes();
        in.expectEnd();
        return new RpcEnvelope.Request(group, body);
    }

    private static final class BytesSerializer extends DefaultCustomSerializer implements CustomSerializer {
        private final Function<Object, byte[]> encode;
        private final Function<byte[], Object> decode;

        BytesSerializer(Function<Object, byte[]> encode, Function<byte[], Object> decode) {
            this.encode = encode;
            this.decode = decode;
        }

        @Override
        public <T extends RequestCommand> boolean deserializeHeader(T request) {
            return true;
        }

        @Override
        public <T extends ResponseCommand> boolean deserializeHeader(T response, InvokeContext invokeContext) {
            return true;
        }

        @Override
        public <T extends RequestCommand> boolean serializeContent(T request, InvokeContext invokeContext) {
            RpcRequestCommand cmd = (RpcRequestCommand) request;
            cmd.setContent(encode.apply(cmd.getRequestObject()));
            return true;
        }

        @Override
        public <T extends ResponseCommand> boolean serializeContent(T response) {
            RpcResponseCommand cmd = (RpcResponseCommand) response;
            cmd.setContent(encode.apply(cmd.getResponseObject()));
            return true;
        }

        @Override
        public <T extends RequestCommand> boolean deserializeContent(T request) throws DeserializationException {
            RpcRequestCommand cmd = (RpcRequestCommand) request;
            cmd.setRequestObject(decoded(request.getContent()));
            return true;
        }

        @Override
        public <T extends ResponseCommand> boolean deserializeContent(T response, InvokeContext invokeContext)
                throws DeserializationException {
            RpcResponseCommand cmd = (RpcResponseCommand) response;
            cmd.setResponseObject(decoded(response.getContent()));
            return true;
        }

        private Object decoded(byte[] content) throws DeserializationException {
            try {
                return decode.apply(content == null ? new byte[0] : content);
            } catch (MalformedMessageException e) {
                throw new DeserializationException("malformed Chorus message: " + e.getMessage());
            }
        }
    }
}
