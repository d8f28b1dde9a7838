package dev.chorus.command;

import dev.chorus.participant.LockRecord;
import dev.chorus.participant.ParticipantState;
import dev.chorus.participant.TxnState;
import dev.chorus.participant.TxnTable;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;

import java.util.List;

import static dev.chorus.command.Outcomes.outcome;

/**
 * Phase two in one group: apply the intents ({@code commit}) or drop them, and release the locks. Idempotent; a
 * participant state never leaves COMMITTED or ABORTED.
 */
record CompleteCommand(KvCommand.TxnComplete complete) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        return check.txnId(complete.txnId());
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        return completeHere(context, complete.txnId(), complete.commit());
    }

    /** Completes this group's part of {@code txnId}; also run by the primary group's decision. */
    static KvResponse completeHere(ApplyContext context, String txnId, boolean commit) {
        TxnTable txns = context.txns();
        ParticipantState s = txns.state(txnId);
        long now = txns.time();
        if (s == null) {
            // An abort that overtook its prepare (or a commit for a group that had nothing): remember it, so that
            // the prepare, if it ever arrives, is refused (TxnDeadlines says for how long).
            txns.putState(txnId, new ParticipantState(commit ? TxnState.COMMITTED : TxnState.ABORTED, "", now,
                    List.of(), 0, 0, now));
            return outcome(commit ? TxnVerdict.COMMITTED : TxnVerdict.ABORTED, "nothing was prepared here");
        }
        if (s.state() != TxnState.PENDING) {
            return outcome(s.state().verdict(), null);
        }
        for (byte[] key : s.keys()) {
            LockRecord lock = txns.lock(key);
            if (lock == null || !lock.txnId().equals(txnId)) {
                continue;
            }
            if (commit && lock.write()) {
                if (lock.value() == null) {
                    txns.data().delete(key);
                } else {
                    txns.data().put(key, lock.value());
                }
            }
            txns.deleteLock(key);
        }
        for (int i = 0; i < s.rangeLocks(); i++) {
            txns.deleteRangeLock(txnId, i);
        }
        txns.putState(txnId, s.completed(commit, now));
        context.observer().completed(txnId, commit);
        return outcome(commit ? TxnVerdict.COMMITTED : TxnVerdict.ABORTED, null);
    }
}
