package dev.chorus.storage;

import java.nio.ByteBuffer;

/**
 * A group's own clock, kept in its replicated state: every replica computes the same value from the log, so every
 * rule that compares times inside the state machine (a transaction's deadline, a record's expiry, how long a
 * tombstone is kept) is decided identically everywhere, on one clock per group.
 *
 * <p>The leader stamps each entry it proposes with its wall clock. Group time starts at 0 when the group is created
 * and advances by the difference between consecutive stamps <em>of the same term</em> (one leader's clock), never
 * backwards; the first entry of a new term adds nothing. It is a duration, not a date: only differences mean
 * anything. So only the rate of the leaders' clocks matters, never
 * their offsets: a leader whose clock is minutes ahead or behind moves group time exactly as a correct one. What a
 * leader change loses (the election's duration) only makes timeouts a little longer.
 *
 * @param timeMs      the group time after the last applied entry
 * @param lastStampMs the stamp of the last applied stamped entry
 * @param lastTerm    the term of that entry
 */
public record GroupTime(long timeMs, long lastStampMs, long lastTerm) {
    public static final GroupTime START = new GroupTime(0, 0, 0);

    /**
     * The leader of {@code term}'s estimate of the group's time now, {@code nowMs} being its next stamp: what an
     * entry it proposed now would be given, and a lower bound of what any later one is given, provided its stamps
     * never decrease. Only once it has applied an entry of its own term; before, the applied time (a new term's
     * first entry adds nothing).
     */
    public long currentFor(long term, long nowMs) {
        return term == lastTerm ? timeMs + Math.max(0, nowMs - lastStampMs) : timeMs;
    }

    /** The group time once an entry stamped {@code stampMs} by the leader of {@code term} is applied. */
    public GroupTime advance(long stampMs, long term) {
        long delta = term == lastTerm ? Math.max(0, stampMs - lastStampMs) : 0;
        return new GroupTime(timeMs + delta, stampMs, term);
    }

    byte[] encode() {
        return ByteBuffer.allocate(24).putLong(timeMs).putLong(lastStampMs).putLong(lastTerm).array();
    }

    static GroupTime decode(byte[] bytes) {
        if (bytes == null) {
            return START;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new GroupTime(b.getLong(), b.getLong(), b.getLong());
    }
}
