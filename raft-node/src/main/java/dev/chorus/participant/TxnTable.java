package dev.chorus.participant;

import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.Family;

/**
 * The participant's typed view of one batch being applied: records, participant states, locks and range locks as
 * values, stored where {@link TxnKeys} says. Reads see the batch's own earlier writes.
 */
public final class TxnTable {
    private final ApplyBatch batch;

    public TxnTable(ApplyBatch batch) {
        this.batch = batch;
    }

    /** The group time as of the entry being applied: the only clock a command may look at. */
    public long time() {
        return batch.time();
    }

    public TxnRecord record(String txnId) {
        byte[] raw = batch.get(Family.TXN, TxnKeys.record(txnId));
        return raw == null ? null : TxnRecord.decode(raw);
    }

    public void putRecord(TxnRecord record) {
        batch.put(Family.TXN, TxnKeys.record(record.txnId()), record.encode());
    }

    public void deleteRecord(String txnId) {
        batch.delete(Family.TXN, TxnKeys.record(txnId));
    }

    public ParticipantState state(String txnId) {
        byte[] raw = batch.get(Family.TXN, TxnKeys.state(txnId));
        return raw == null ? null : ParticipantState.decode(raw);
    }

    public void putState(String txnId, ParticipantState state) {
        batch.put(Family.TXN, TxnKeys.state(txnId), state.encode());
    }

    public void deleteState(String txnId) {
        batch.delete(Family.TXN, TxnKeys.state(txnId));
    }

    public LockRecord lock(byte[] key) {
        byte[] raw = batch.get(Family.LOCK, key);
        return raw == null ? null : LockRecord.decode(raw);
    }

    public void putLock(byte[] key, LockRecord lock) {
        batch.put(Family.LOCK, key, lock.encode());
    }

    public void deleteLock(byte[] key) {
        batch.delete(Family.LOCK, key);
    }

    /** Records that transaction {@code txnId} scanned {@code [start, end)}; its {@code index}-th range lock. */
    public void putRangeLock(String txnId, int index, byte[] start, byte[] end) {
        batch.put(Family.RANGE_LOCK, TxnKeys.rangeLock(txnId, index), new RangeLock(start, end, txnId).encode());
    }

    public void deleteRangeLock(String txnId, int index) {
        batch.delete(Family.RANGE_LOCK, TxnKeys.rangeLock(txnId, index));
    }

    /** The user data the transactions read and write. */
    public ApplyBatch data() {
        return batch;
    }
}
