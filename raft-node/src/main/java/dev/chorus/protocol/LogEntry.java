package dev.chorus.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A group's Raft log entry: an encoded {@link KvRequest.Write} as a client sent it, stamped by the leader that
 * proposed it with its wall clock (the input of the group's replicated clock, {@code GroupTime}).
 *
 * <p><b>Format version</b>: an entry's first byte says how to read it, and an entry once written is never rewritten,
 * so every format ever written stays readable:
 * <ul>
 * <li>{@code 0xE1} ({@link #STAMPED}): the current format, the stamp (8 bytes, big-endian) then the write;</li>
 * <li>a {@link WireCodec} message version ({@code 0x01}): an entry written before stamps existed, the bare write
 * (unstamped);</li>
 * <li>{@code 0xE0}, {@code 0xE2} to {@code 0xFF}: reserved for later entry formats, refused here as unsupported,
 * never misread as a write. {@link WireCodec} message versions stay below {@link #FIRST_ENTRY_FORMAT}, so the two
 * kinds of first byte cannot be confused.</li>
 * </ul>
 * {@code FormatVersionGoldenBytesTest} pins both formats' bytes.
 *
 * @param stampMs the proposing leader's wall clock, or -1 for an unstamped entry
 */
public record LogEntry(long stampMs, byte[] write) {
    /** First bytes from this one up are entry formats, not a bare message. */
    static final int FIRST_ENTRY_FORMAT = 0xE0;
    static final byte STAMPED = (byte) 0xE1;

    public static byte[] encode(long stampMs, byte[] write) {
        return ByteBuffer.allocate(9 + write.length).put(STAMPED).putLong(stampMs).put(write).array();
    }

    public static LogEntry decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == STAMPED) {
            if (bytes.length < 9) {
                throw new MalformedMessageException("log entry truncated");
            }
            return new LogEntry(ByteBuffer.wrap(bytes, 1, 8).getLong(), Arrays.copyOfRange(bytes, 9, bytes.length));
        }
        if (bytes.length > 0 && (bytes[0] & 0xFF) >= FIRST_ENTRY_FORMAT) {
            throw new MalformedMessageException(String.format("unsupported log entry format 0x%02X", bytes[0] & 0xFF));
        }
        return new LogEntry(-1, bytes);
    }

    public boolean stamped() {
        return stampMs >= 0;
    }
}
