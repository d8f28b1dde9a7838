package dev.chorus.participant;

import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvResponse;
import dev.chorus.routing.Keys;
import dev.chorus.storage.Family;
import dev.chorus.storage.StateView;

import java.util.List;

/** What transactions' locks mean for plain (non-transactional) reads and writes: when they must wait (LOCKED). */
public final class LockGuard {
    private LockGuard() {
    }

    /**
     * Why a plain write of {@code keys} must wait, or null: a plain write never changes a key a transaction has
     * locked, read or scanned, so a committing transaction's validation stays true.
     */
    public static KvResponse.Failure lockedForWrite(StateView state, List<byte[]> keys) {
        String held = TxnConflicts.writeConflict(state, keys, "");
        return held == null ? null : new KvResponse.Failure(ErrorCode.LOCKED, held, null);
    }

    /**
     * Why a plain read of {@code key} must wait, or null. Only write locks block reads: the transaction may be
     * committed already with its intent not yet applied here, and returning the old value would not be
     * linearizable. A read lock leaves the value unchanged.
     */
    public static KvResponse.Failure lockedForRead(StateView state, byte[] key) {
        byte[] raw = state.get(Family.LOCK, key);
        if (raw == null) {
            return null;
        }
        LockRecord lock = LockRecord.decode(raw);
        return lock.write() ? beingWritten(key, lock) : null;
    }

    /** Like {@link #lockedForRead} for every key in {@code [start, end)}. */
    public static KvResponse.Failure lockedForScan(StateView state, byte[] start, byte[] end) {
        for (KvResponse.KeyValue kv : state.scan(Family.LOCK, start, end, TxnConflicts.RANGE_SCAN_CAP).entries()) {
            LockRecord lock = LockRecord.decode(kv.value());
            if (lock.write()) {
                return beingWritten(kv.key(), lock);
            }
        }
        return null;
    }

    private static KvResponse.Failure beingWritten(byte[] key, LockRecord lock) {
        return new KvResponse.Failure(ErrorCode.LOCKED, Keys.printable(key) + " is being written by transaction "
                + lock.txnId(), null);
    }
}
