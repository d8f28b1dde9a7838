package dev.chorus.rpc;

import com.alipay.remoting.codec.Codec;
import io.netty.channel.ChannelHandler;

import java.lang.reflect.Field;

/**
 * Installs a {@link FrameGuard} in front of the decoder of a bolt server's every connection. bolt gives its server's
 * codec no setter, so the guard is put in by replacing the private {@code codec} field before the server starts;
 * a bolt upgrade that renames it makes the node refuse to start rather than run unguarded. The codec is also the
 * only hook into a server connection's pipeline, so the TLS peer's identity is recorded from here as well.
 */
public final class GuardedBoltServer {
    private GuardedBoltServer() {
    }

    /** With {@code identify}, a {@link PeerIdentity} goes in too (TLS servers). */
    public static void guard(com.alipay.remoting.rpc.RpcServer server, int maxContentBytes, boolean identify) {
        try {
            Field field = com.alipay.remoting.rpc.RpcServer.class.getDeclaredField("codec");
            field.setAccessible(true);
            Codec bolt = (Codec) field.get(server);
            field.set(server, new Codec() {
                @Override
                public ChannelHandler newEncoder() {
                    return bolt.newEncoder();
                }

                @Override
                public ChannelHandler newDecoder() {
                    return FrameGuard.installing(bolt.newDecoder(), maxContentBytes, identify);
                }
            });
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot guard the RPC server's decoder (bolt changed?): " + e, e);
        }
    }
}
