package dev.chorus.participant;

import dev.chorus.protocol.ByteReader;
import dev.chorus.protocol.ByteWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * One group's part of a transaction: PENDING while it holds the locks on {@code keys} (and {@code rangeLocks} range
 * locks), then COMMITTED or ABORTED. A final state stays behind so that a late or repeated prepare is refused
 * instead of taking locks again (an abort that arrives before its prepare leaves an ABORTED state for this reason).
 */
public record ParticipantState(TxnState state, String primaryGroup, long createdMs, List<byte[]> keys, int rangeLocks) {

    public ParticipantState {
        keys = List.copyOf(keys);
    }

    ParticipantState completed(boolean commit) {
        return new ParticipantState(commit ? TxnState.COMMITTED : TxnState.ABORTED, primaryGroup, createdMs, List.of(), 0);
    }

    byte[] encode() {
        ByteWriter out = new ByteWriter();
        out.put((byte) state.ordinal()).putString(primaryGroup).putLong(createdMs).putInt(keys.size());
        keys.forEach(out::putBytes);
        out.putInt(rangeLocks);
        return out.toByteArray();
    }

    static ParticipantState decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        TxnState state = TxnState.values()[in.get()];
        String primary = in.getString();
        long created = in.getLong();
        int n = in.getCount(4);
        List<byte[]> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(in.getRequiredBytes());
        }
        return new ParticipantState(state, primary, created, keys, in.getInt());
    }
}
