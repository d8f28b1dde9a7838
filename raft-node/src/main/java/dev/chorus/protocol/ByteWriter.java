package dev.chorus.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian writer of the primitives of Chorus's binary formats (see {@link WireCodec}). */
public final class ByteWriter extends ByteArrayOutputStream {
    public ByteWriter() {
        super(64);
    }

    public ByteWriter put(byte b) {
        write(b);
        return this;
    }

    public ByteWriter putInt(int v) {
        write(v >>> 24);
        write(v >>> 16);
        write(v >>> 8);
        write(v);
        return this;
    }

    public ByteWriter putLong(long v) {
        putInt((int) (v >>> 32));
        return putInt((int) v);
    }

    public ByteWriter putBytes(byte[] b) {
        if (b == null) {
            return putInt(-1);
        }
        putInt(b.length);
        write(b, 0, b.length);
        return this;
    }

    public ByteWriter putString(String s) {
        return putBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }
}

