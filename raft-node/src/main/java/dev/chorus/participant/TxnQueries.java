package dev.chorus.participant;

import dev.chorus.protocol.KvResponse;
import dev.chorus.storage.Family;
import dev.chorus.storage.StateView;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a replica's participant state holds, for the lock resolver and the {@code /txns} view: they ask here instead
 * of reading the store's layout ({@link TxnKeys}) themselves. Reads the applied state; nothing here writes.
 */
public final class TxnQueries {
    private final StateView state;

    public TxnQueries(StateView state) {
        this.state = state;
    }

    /** The group time of the state these answers come from. */
    public long time() {
        return state.time();
    }

    /** Up to {@code limit} locks this replica holds, in key order. */
    public List<Map.Entry<byte[], LockRecord>> locks(int limit) {
        List<Map.Entry<byte[], LockRecord>> out = new ArrayList<>();
        for (KvResponse.KeyValue kv : state.scan(Family.LOCK, new byte[0], new byte[0], limit).entries()) {
            out.add(Map.entry(kv.key(), LockRecord.decode(kv.value())));
        }
        return out;
    }

    /** Up to {@code limit} transaction records kept in this replica (this group is their primary). */
    public List<TxnRecord> records(int limit) {
        List<TxnRecord> out = new ArrayList<>();
        for (KvResponse.KeyValue kv : state.scan(Family.TXN, TxnKeys.RECORDS_START, TxnKeys.RECORDS_END, limit).entries()) {
            out.add(TxnRecord.decode(kv.value()));
        }
        return out;
    }

    /**
     * Transactions whose record or participant state this replica could delete now under {@link TxnDeadlines}, and
     * that became final at least {@code minAgeMs} ago (group time): what a resolver proposes to {@code TxnForget},
     * which checks the rule again when it applies.
     */
    public List<String> forgettable(long minAgeMs, int limit) {
        long now = state.time();
        Set<String> out = new LinkedHashSet<>();
        for (KvResponse.KeyValue kv : state.scan(Family.TXN, TxnKeys.STATES_START, TxnKeys.STATES_END, limit).entries()) {
            ParticipantState s = ParticipantState.decode(kv.value());
            if (s.forgettableAt(now) && now - s.finalMs() >= minAgeMs) {
                out.add(TxnKeys.txnIdOfState(kv.key()));
            }
        }
        for (TxnRecord r : records(limit)) {
            if (r.forgettableAt(now) && now - r.decidedMs() >= minAgeMs) {
                out.add(r.txnId());
            }
        }
        return List.copyOf(out);
    }
}
