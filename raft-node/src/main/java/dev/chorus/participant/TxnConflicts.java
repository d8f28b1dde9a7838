package dev.chorus.participant;

import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.routing.Keys;
import dev.chorus.storage.Family;
import dev.chorus.storage.StateView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The conflict rules: whether a transaction may take its locks and pass validation, and whether anyone else may
 * write a key. A key carries at most one lock; a key under a lock or inside another transaction's range lock is
 * never changed by anyone but the lock's transaction.
 */
public final class TxnConflicts {
    static final int RANGE_SCAN_CAP = 100_000;

    private TxnConflicts() {
    }

    /** Why transaction {@code txnId} cannot take its locks or pass validation here, or null when it can. */
    public static String conflict(StateView state, String txnId, List<KvCommand.ReadCheck> reads,
                                  List<KvCommand.RangeCheck> ranges, List<KvCommand.Mutation> writes) {
        for (KvCommand.ReadCheck r : reads) {
            String held = foreignLock(state, r.key(), txnId);
            if (held != null) {
                return held;
            }
        }
        String held = writeConflict(state, writes.stream().map(KvCommand.Mutation::key).toList(), txnId);
        if (held != null) {
            return held;
        }
        for (KvCommand.ReadCheck r : reads) {
            byte[] current = state.get(r.key());
            if (!Arrays.equals(current, r.expected())) {
                return "read of " + Keys.printable(r.key()) + " is stale: it changed since the transaction read it";
            }
        }
        for (KvCommand.RangeCheck r : ranges) {
            for (KvResponse.KeyValue kv : state.scan(Family.LOCK, r.start(), r.end(), RANGE_SCAN_CAP).entries()) {
                LockRecord lock = LockRecord.decode(kv.value());
                if (lock.write() && !lock.txnId().equals(txnId)) {
                    return "scanned range holds " + Keys.printable(kv.key()) + ", locked by transaction " + lock.txnId();
                }
            }
            List<KvResponse.KeyValue> now = state.scan(Family.DATA, r.start(), r.end(), r.entries().size() + 1).entries();
            if (!sameEntries(now, r.entries())) {
                return "scan of [" + Keys.printable(r.start()) + ", " + Keys.printable(r.end()) + ") is stale: the range changed";
            }
        }
        return null;
    }

    /** Why another transaction holds {@code key} (any lock), or null. */
    public static String foreignLock(StateView state, byte[] key, String txnId) {
        byte[] raw = state.get(Family.LOCK, key);
        if (raw == null) {
            return null;
        }
        LockRecord lock = LockRecord.decode(raw);
        return lock.txnId().equals(txnId) ? null
                : Keys.printable(key) + " is locked by transaction " + lock.txnId();
    }

    /**
     * Why another transaction than {@code txnId} keeps {@code keys} from being written: the first key it has locked
     * or whose range it has scanned, or null. The range locks are read once for all the keys.
     */
    public static String writeConflict(StateView state, List<byte[]> keys, String txnId) {
        List<RangeLock> rangeLocks = null;
        for (byte[] key : keys) {
            String held = foreignLock(state, key, txnId);
            if (held != null) {
                return held;
            }
            if (rangeLocks == null) {
                rangeLocks = rangeLocks(state);
            }
            for (RangeLock r : rangeLocks) {
                if (!r.holder().equals(txnId) && r.contains(key)) {
                    return Keys.printable(key) + " lies in a range scanned by transaction " + r.holder();
                }
            }
        }
        return null;
    }

    private static List<RangeLock> rangeLocks(StateView state) {
        List<RangeLock> out = new ArrayList<>();
        for (KvResponse.KeyValue kv : state.scan(Family.RANGE_LOCK, new byte[0], new byte[0], RANGE_SCAN_CAP).entries()) {
            out.add(RangeLock.decode(kv.value()));
        }
        return out;
    }

    private static boolean sameEntries(List<KvResponse.KeyValue> a, List<KvResponse.KeyValue> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).key(), b.get(i).key()) || !Arrays.equals(a.get(i).value(), b.get(i).value())) {
                return false;
            }
        }
        return true;
    }
}
