package dev.chorus.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reader of {@link ByteWriter}'s output. Every length is checked against the bytes left, so truncated or hostile
 * input fails with {@link MalformedMessageException} and never allocates more than the input's size.
 */
public final class ByteReader {
    private final ByteBuffer buf;

    public ByteReader(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedMessageException("no bytes");
        }
        this.buf = ByteBuffer.wrap(bytes);
    }

    public void need(int n) {
        if (buf.remaining() < n) {
            throw new MalformedMessageException("message truncated");
        }
    }

    public void expectVersion() {
        byte v = get();
        if (v != WireCodec.VERSION) {
            throw new MalformedMessageException("unsupported message version " + v);
        }
    }

    /** Whether bytes are left: for fields appended to a stored format, absent from what older versions wrote. */
    public boolean hasRemaining() {
        return buf.hasRemaining();
    }

    public void expectEnd() {
        if (buf.hasRemaining()) {
            throw new MalformedMessageException(buf.remaining() + " trailing bytes");
        }
    }

    public byte get() {
        need(1);
        return buf.get();
    }

    public int getInt() {
        need(4);
        return buf.getInt();
    }

    public long getLong() {
        need(8);
        return buf.getLong();
    }

    /** A count of items that each take at least {@code minItemBytes}; rejects counts the input cannot hold. */
    public int getCount(int minItemBytes) {
        int n = getInt();
        if (n < 0 || (long) n * minItemBytes > buf.remaining()) {
            throw new MalformedMessageException("bad item count " + n);
        }
        return n;
    }

    public byte[] getBytes() {
        int len = getInt();
        if (len == -1) {
            return null;
        }
        if (len < 0) {
            throw new MalformedMessageException("negative length " + len);
        }
        need(len);
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }

    public byte[] getRequiredBytes() {
        byte[] b = getBytes();
        if (b == null) {
            throw new MalformedMessageException("missing byte string");
        }
        return b;
    }

    public String getString() {
        byte[] b = getBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
