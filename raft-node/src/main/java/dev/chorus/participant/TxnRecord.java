package dev.chorus.participant;

import dev.chorus.protocol.ByteReader;
import dev.chorus.protocol.ByteWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The decision record of a cross-group transaction, kept in its primary group. Its state moves from PENDING to
 * COMMITTED or ABORTED exactly once, by a replicated compare-and-set; that Raft entry is the commit point.
 *
 * <p>Times are the primary group's time ({@code GroupTime}), as the state machine applied the command.
 *
 * @param participants every group the transaction prepared in (primary first); empty for a tombstone written by a
 *                     resolver that found no record
 * @param finished     every participant has completed (applied or dropped its intents)
 * @param deadlineMs   the transaction's deadline in the primary group's time, 0 if unknown ({@link TxnDeadlines})
 */
public record TxnRecord(String txnId, TxnState state, List<String> participants, String coordinator, long createdMs,
                        long ttlMs, long decidedMs, boolean finished, long deadlineMs) {

    public TxnRecord {
        participants = List.copyOf(participants);
    }

    public boolean expiredAt(long nowMs) {
        return nowMs > createdMs + ttlMs;
    }

    /** Whether a finished record may be deleted at group time {@code now} ({@link TxnDeadlines}). */
    public boolean forgettableAt(long now) {
        return finished && now > TxnDeadlines.retainUntil(deadlineMs, decidedMs);
    }

    public TxnRecord decided(TxnState newState, long atMs) {
        return new TxnRecord(txnId, newState, participants, coordinator, createdMs, ttlMs, atMs, false, deadlineMs);
    }

    public TxnRecord asFinished() {
        return new TxnRecord(txnId, state, participants, coordinator, createdMs, ttlMs, decidedMs, true, deadlineMs);
    }

    byte[] encode() {
        ByteWriter out = new ByteWriter();
        out.putString(txnId).put(state.storedTag()).putInt(participants.size());
        participants.forEach(out::putString);
        out.putString(coordinator).putLong(createdMs).putLong(ttlMs).putLong(decidedMs).put((byte) (finished ? 1 : 0))
                .putLong(deadlineMs);
        return out.toByteArray();
    }

    static TxnRecord decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        String id = in.getString();
        TxnState state = TxnState.ofStoredTag(in.get());
        int n = in.getCount(4);
        List<String> participants = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            participants.add(in.getString());
        }
        String coordinator = in.getString();
        long created = in.getLong();
        long ttl = in.getLong();
        long decided = in.getLong();
        boolean finished = in.get() != 0;
        return new TxnRecord(id, state, participants, coordinator, created, ttl, decided, finished,
                in.hasRemaining() ? in.getLong() : 0);
    }
}
