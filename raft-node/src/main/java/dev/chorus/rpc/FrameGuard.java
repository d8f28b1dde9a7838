package dev.chorus.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.List;

/**
 * Frames bolt's wire protocol (versions 1 and 2) in front of bolt's own decoder and closes a connection whose frame
 * is not one: an unknown protocol code, a negative length, or content larger than a node ever accepts. bolt 1.6.12
 * checks {@code readable >= classLen + headerLen + contentLen} in int arithmetic, so a 22-byte frame declaring about
 * 2 GB of content overflows that sum and makes bolt allocate the array at once: with {@code
 * -XX:+ExitOnOutOfMemoryError}, one packet would end the node. Behind this guard bolt only ever sees complete frames
 * of bounded size.
 */
final class FrameGuard extends ByteToMessageDecoder {
    /** Protocol code, then where the class, header and content lengths are, for requests and responses. */
    private record Layout(int headerBytes, int classLenAt, int headerLenAt, int contentLenAt, boolean crcSwitch) {
    }

    private static final byte RESPONSE = 0;

    private final int maxContentBytes;

    FrameGuard(int maxContentBytes) {
        this.maxContentBytes = maxContentBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() > 0) {
            int start = in.readerIndex();
            Layout layout = layout(in, start);
            if (layout == null || in.readableBytes() < layout.headerBytes()) {
                return;
            }
            int classLen = in.getShort(start + layout.classLenAt());
            int headerLen = in.getShort(start + layout.headerLenAt());
            int contentLen = in.getInt(start + layout.contentLenAt());
            if (classLen < 0 || headerLen < 0 || contentLen < 0 || contentLen > maxContentBytes) {
                throw new CorruptedFrameException("frame lengths out of bounds: class " + classLen + ", header "
                        + headerLen + ", content " + contentLen + " (at most " + maxContentBytes + ")");
            }
            boolean crc = layout.crcSwitch() && (in.getByte(start + 11) & 1) != 0;
            long total = (long) layout.headerBytes() + classLen + headerLen + contentLen + (crc ? 4 : 0);
            if (in.readableBytes() < total) {
                return;
            }
            out.add(in.readRetainedSlice((int) total));
        }
    }

    /** The layout of the frame starting at {@code start}, null until enough bytes arrived to tell. */
    private static Layout layout(ByteBuf in, int start) {
        byte protocol = in.getByte(start);
        if (protocol == 1) {
            if (in.readableBytes() < 2) {
                return null;
            }
            return in.getByte(start + 1) == RESPONSE ? new Layout(20, 12, 14, 16, false) : new Layout(22, 14, 16, 18, false);
        }
        if (protocol == 2) {
            if (in.readableBytes() < 3) {
                return null;
            }
            return in.getByte(start + 2) == RESPONSE ? new Layout(22, 14, 16, 18, true) : new Layout(24, 16, 18, 20, true);
        }
        throw new CorruptedFrameException("unknown protocol code " + protocol);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Puts a guard in front of {@code boltDecoder} when bolt adds it to a connection's pipeline. */
    static ChannelHandler installing(ChannelHandler boltDecoder, int maxContentBytes, boolean identify) {
        return new ChannelHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                String name = ctx.name();
                ctx.pipeline().addAfter(name, name + "-bolt", boltDecoder);
                if (identify) {
                    ctx.pipeline().addBefore(name, name + "-peer", new dev.chorus.security.PeerIdentity());
                }
                ctx.pipeline().replace(this, name, new FrameGuard(maxContentBytes));
            }
        };
    }
}
