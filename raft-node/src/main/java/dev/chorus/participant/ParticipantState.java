package dev.chorus.participant;

import dev.chorus.protocol.ByteReader;
import dev.chorus.protocol.ByteWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * One group's part of a transaction: PENDING while it holds the locks on {@code keys} (and {@code rangeLocks} range
 * locks), then COMMITTED or ABORTED. A final state stays behind so that a late or repeated prepare is refused
 * instead of taking locks again (an abort that arrives before its prepare leaves an ABORTED state for this reason),
 * until the rule of {@link TxnDeadlines} lets it go. Times are this group's time ({@code GroupTime}).
 *
 * @param deadlineMs the transaction's deadline in this group's time, 0 if unknown
 * @param finalMs    when the state became final (0 while PENDING)
 */
public record ParticipantState(TxnState state, String primaryGroup, long createdMs, List<byte[]> keys, int rangeLocks,
                               long deadlineMs, long finalMs) {

    public ParticipantState {
        keys = List.copyOf(keys);
    }

    public ParticipantState completed(boolean commit, long now) {
        return new ParticipantState(commit ? TxnState.COMMITTED : TxnState.ABORTED, primaryGroup, createdMs, List.of(), 0,
                deadlineMs, now);
    }

    /** Whether a final state may be deleted at group time {@code now} ({@link TxnDeadlines}). */
    public boolean forgettableAt(long now) {
        return state != TxnState.PENDING && now > TxnDeadlines.retainUntil(deadlineMs, finalMs);
    }

    byte[] encode() {
        ByteWriter out = new ByteWriter();
        out.put(state.storedTag()).putString(primaryGroup).putLong(createdMs).putInt(keys.size());
        keys.forEach(out::putBytes);
        out.putInt(rangeLocks).putLong(deadlineMs).putLong(finalMs);
        return out.toByteArray();
    }

    static ParticipantState decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        TxnState state = TxnState.ofStoredTag(in.get());
        String primary = in.getString();
        long created = in.getLong();
        int n = in.getCount(4);
        List<byte[]> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(in.getRequiredBytes());
        }
        int rangeLocks = in.getInt();
        // States written before deadlines existed: unknown deadline, final since their start.
        long deadline = in.hasRemaining() ? in.getLong() : 0;
        long finalMs = in.hasRemaining() ? in.getLong() : created;
        return new ParticipantState(state, primary, created, keys, rangeLocks, deadline, finalMs);
    }
}
