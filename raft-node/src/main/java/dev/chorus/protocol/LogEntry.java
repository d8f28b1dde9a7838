package dev.chorus.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A group's Raft log entry: an encoded {@link KvRequest.Write} as a client sent it, stamped by the leader that
 * proposed it with its wall clock (the input of the group's replicated clock, {@code GroupTime}). Entries written
 * before stamps existed are the bare write; they start with the message version byte, never with {@link #STAMPED}.
 *
 * @param stampMs the proposing leader's wall clock, or -1 for an unstamped entry
 */
public record LogEntry(long stampMs, byte[] write) {
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
        return new LogEntry(-1, bytes);
    }

    public boolean stamped() {
        return stampMs >= 0;
    }
}
