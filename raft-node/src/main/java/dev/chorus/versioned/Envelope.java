package dev.chorus.versioned;

import dev.chorus.protocol.MalformedMessageException;
import dev.chorus.protocol.Versioned;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How a key of the versioned keyspace is stored: a format byte, create revision, mod revision, version and lease
 * (8 bytes each, big-endian), then the value. Metadata and value in one RocksDB value, so one write changes both and
 * no reader ever sees one without the other.
 */
public final class Envelope {
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + 4 * 8;

    private Envelope() {
    }

    public static byte[] encode(Versioned.Kv kv) {
        return ByteBuffer.allocate(HEADER + kv.value().length).put(FORMAT).putLong(kv.createRevision())
                .putLong(kv.modRevision()).putLong(kv.version()).putLong(kv.lease()).put(kv.value()).array();
    }

    /** The stored {@code bytes} of {@code key}; without its value if {@code keysOnly}. */
    public static Versioned.Kv decode(byte[] key, byte[] bytes, boolean keysOnly) {
        if (bytes.length < HEADER || bytes[0] != FORMAT) {
            throw new MalformedMessageException("not a versioned key's envelope (" + bytes.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, HEADER - 1);
        byte[] value = keysOnly ? new byte[0] : Arrays.copyOfRange(bytes, HEADER, bytes.length);
        return new Versioned.Kv(key, b.getLong(), b.getLong(), b.getLong(), b.getLong(), value);
    }

    /** The envelope without its value: what a keys-only scan answers. */
    public static byte[] withoutValue(byte[] bytes) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, HEADER));
    }
}
