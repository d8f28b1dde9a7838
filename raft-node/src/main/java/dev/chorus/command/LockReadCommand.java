package dev.chorus.command;

import dev.chorus.participant.LockRecord;
import dev.chorus.participant.ParticipantState;
import dev.chorus.participant.TxnConflicts;
import dev.chorus.participant.TxnDeadlines;
import dev.chorus.participant.TxnLimits;
import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.participant.TxnTable;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;

import java.util.ArrayList;
import java.util.List;

import static dev.chorus.command.Outcomes.outcome;

/**
 * A snapshot read's part in one group: read-lock the keys and answer their values, or CONFLICT if another
 * transaction holds one. In the primary group also creates the record, PENDING, so the read's commit decision is
 * the instant all its locks were held.
 */
record LockReadCommand(KvCommand.TxnLockRead lockRead) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        KvResponse.Failure f = CommandValidation.overLimits(TxnLimits.DEFAULT.violation(lockRead.keys()));
        f = f != null ? f : check.groups(lockRead.primaryGroup(), lockRead.participants());
        f = f != null ? f : check.txnId(lockRead.txnId());
        for (int i = 0; f == null && i < lockRead.keys().size(); i++) {
            f = check.key(lockRead.keys().get(i));
        }
        return f != null ? f : check.recordHome("lock-read", lockRead.primaryGroup(), lockRead.participants());
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        TxnTable txns = context.txns();
        String txnId = lockRead.txnId();
        ParticipantState existing = txns.state(txnId);
        if (existing != null && existing.state() != TxnState.PENDING) {
            return outcome(TxnVerdict.REFUSED, "transaction " + txnId + " already " + existing.state());
        }
        boolean primary = !lockRead.participants().isEmpty();
        if (primary && txns.record(txnId) != null) {
            return outcome(TxnVerdict.REFUSED, "snapshot read " + txnId + " was already decided");
        }
        long now = txns.time();
        String late = TxnDeadlines.refusal(lockRead.deadlineMs(), now);
        if (late != null) {
            return outcome(TxnVerdict.REFUSED, "lock-read of " + txnId + " refused: " + late);
        }
        for (byte[] key : lockRead.keys()) {
            String held = TxnConflicts.foreignLock(context.batch(), key, txnId);
            if (held != null) {
                return outcome(TxnVerdict.CONFLICT, held);
            }
        }
        List<KvResponse.KeyValue> values = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (byte[] key : lockRead.keys()) {
            if (txns.lock(key) == null) {
                txns.putLock(key, new LockRecord(txnId, lockRead.primaryGroup(), false, null, now, lockRead.ttlMs()));
            }
            keys.add(key);
            byte[] value = context.batch().get(key);
            if (value != null) {
                values.add(new KvResponse.KeyValue(key, value));
            }
        }
        if (existing == null) {
            txns.putState(txnId, new ParticipantState(TxnState.PENDING, lockRead.primaryGroup(), now, keys, 0,
                    lockRead.deadlineMs(), 0));
        }
        if (primary) {
            txns.putRecord(new TxnRecord(txnId, TxnState.PENDING, lockRead.participants(), "", now, lockRead.ttlMs(), 0,
                    false, lockRead.deadlineMs()));
        }
        return new KvResponse.ScanResult(values, false);
    }
}
