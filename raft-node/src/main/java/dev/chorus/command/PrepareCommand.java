package dev.chorus.command;

import dev.chorus.participant.LockRecord;
import dev.chorus.participant.ParticipantState;
import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.participant.TxnTable;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.chorus.command.Outcomes.outcome;

/**
 * Phase one in one group: lock the transaction's keys here, validate its reads under the locks, store its writes as
 * intents. In the primary group also creates the record, PENDING. Refused when the transaction already finished
 * here (a late or repeated prepare must not take locks again) or its deadline passed on this group's clock.
 */
record PrepareCommand(KvCommand.TxnPrepare prepare) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        KvResponse.Failure f = check.groups(prepare.primaryGroup(), prepare.participants());
        f = f != null ? f : check.txn(prepare.txnId(), prepare.reads(), prepare.ranges(), prepare.writes());
        return f != null ? f : check.recordHome("prepare", prepare.primaryGroup(), prepare.participants());
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        TxnTable txns = context.txns();
        String txnId = prepare.txnId();
        ParticipantState existing = txns.state(txnId);
        if (existing != null) {
            return existing.state() == TxnState.PENDING ? outcome(TxnVerdict.PREPARED, "already prepared")
                    : outcome(TxnVerdict.REFUSED, "transaction " + txnId + " already " + existing.state());
        }
        boolean primary = !prepare.participants().isEmpty();
        if (primary && txns.record(txnId) != null) {
            return outcome(TxnVerdict.REFUSED, "transaction " + txnId + " was already decided");
        }
        long now = txns.time();
        KvResponse.TxnOutcome refused = Outcomes.lateOrConflicting(context, "prepare of " + txnId, txnId,
                prepare.deadlineMs(), prepare.reads(), prepare.ranges(), prepare.writes());
        if (refused != null) {
            return refused;
        }
        // One lock per key: a key both read and written gets the write lock.
        Map<ByteBuffer, LockRecord> locks = new LinkedHashMap<>();
        for (KvCommand.ReadCheck r : prepare.reads()) {
            locks.put(ByteBuffer.wrap(r.key()), lock(false, null, now));
        }
        for (KvCommand.Mutation m : prepare.writes()) {
            locks.put(ByteBuffer.wrap(m.key()), lock(true, m instanceof KvCommand.Put put ? put.value() : null, now));
        }
        List<byte[]> keys = new ArrayList<>();
        for (Map.Entry<ByteBuffer, LockRecord> e : locks.entrySet()) {
            byte[] key = e.getKey().array();
            txns.putLock(key, e.getValue());
            keys.add(key);
        }
        for (int i = 0; i < prepare.ranges().size(); i++) {
            KvCommand.RangeCheck r = prepare.ranges().get(i);
            txns.putRangeLock(txnId, i, r.start(), r.end());
        }
        txns.putState(txnId, new ParticipantState(TxnState.PENDING, prepare.primaryGroup(), now, keys,
                prepare.ranges().size(), prepare.deadlineMs(), 0));
        if (primary) {
            txns.putRecord(new TxnRecord(txnId, TxnState.PENDING, prepare.participants(), prepare.coordinator(), now,
                    prepare.ttlMs(), 0, false, prepare.deadlineMs()));
        }
        context.observer().prepared(txnId);
        return outcome(TxnVerdict.PREPARED, null);
    }

    private LockRecord lock(boolean write, byte[] value, long now) {
        return new LockRecord(prepare.txnId(), prepare.primaryGroup(), write, value, now, prepare.ttlMs());
    }
}
