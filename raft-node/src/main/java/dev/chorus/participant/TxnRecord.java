package dev.chorus.participant;

import dev.chorus.protocol.ByteReader;
import dev.chorus.protocol.ByteWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The decision record of a cross-group transaction, kept in its primary group. Its state moves from PENDING to
 * COMMITTED or ABORTED exactly once, by a replicated compare-and-set; that Raft entry is the commit point.
 *
 * @param participants every group the transaction prepared in (primary first); empty for a tombstone written by a
 *                     resolver that found no record
 * @param finished     every participant has completed (applied or dropped its intents)
 */
public record TxnRecord(String txnId, TxnState state, List<String> participants, String coordinator, long createdMs,
                        long ttlMs, long decidedMs, boolean finished) {

    public TxnRecord {
        participants = List.copyOf(participants);
    }

    public boolean expiredAt(long nowMs) {
        return nowMs > createdMs + ttlMs;
    }

    TxnRecord decided(TxnState newState, long atMs) {
        return new TxnRecord(txnId, newState, participants, coordinator, createdMs, ttlMs, atMs, false);
    }

    TxnRecord asFinished() {
        return new TxnRecord(txnId, state, participants, coordinator, createdMs, ttlMs, decidedMs, true);
    }

    byte[] encode() {
        ByteWriter out = new ByteWriter();
        out.putString(txnId).put((byte) state.ordinal()).putInt(participants.size());
        participants.forEach(out::putString);
        out.putString(coordinator).putLong(createdMs).putLong(ttlMs).putLong(decidedMs).put((byte) (finished ? 1 : 0));
        return out.toByteArray();
    }

    static TxnRecord decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        String id = in.getString();
        TxnState state = TxnState.values()[in.get()];
        int n = in.getCount(4);
        List<String> participants = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            participants.add(in.getString());
        }
        return new TxnRecord(id, state, participants, in.getString(), in.getLong(), in.getLong(), in.getLong(),
                in.get() != 0);
    }
}
