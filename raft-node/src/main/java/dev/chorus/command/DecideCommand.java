package dev.chorus.command;

import dev.chorus.participant.ParticipantState;
import dev.chorus.participant.TxnDeadlines;
import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.participant.TxnTable;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;

import java.util.List;

import static dev.chorus.command.Outcomes.outcome;

/**
 * The compare-and-set on the transaction record in its primary group: the commit point. A record leaves PENDING
 * exactly once; the primary group completes its own part in the same entry.
 */
record DecideCommand(KvCommand.TxnDecide decide) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        return check.txnId(decide.txnId());
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        TxnTable txns = context.txns();
        String txnId = decide.txnId();
        TxnRecord r = txns.record(txnId);
        long now = txns.time();
        if (r == null) {
            // No record: the primary never prepared (or the coordinator died before). Leave an ABORTED tombstone so
            // that a late primary prepare is refused and the transaction can never commit; it is kept until the
            // transaction's deadline has passed here (TxnDeadlines), after which that prepare is refused anyway.
            if (txns.state(txnId) == null) {
                txns.putState(txnId, new ParticipantState(TxnState.ABORTED, "", now, List.of(), 0, decide.deadlineMs(), now));
            }
            txns.putRecord(new TxnRecord(txnId, TxnState.ABORTED, List.of(), "", now, 0, now, true, decide.deadlineMs()));
            context.observer().decided(txnId, TxnState.ABORTED);
            return outcome(TxnVerdict.ABORTED, "no transaction record (never prepared in its primary group)");
        }
        if (r.state() != TxnState.PENDING) {
            return outcome(r.state().verdict(), null);
        }
        // A commit decision past the deadline aborts instead: whoever reached the deadline first may already have
        // been told, or have told others, that the transaction cannot commit.
        String late = decide.decision() == KvCommand.Decision.COMMIT ? TxnDeadlines.refusal(r.deadlineMs(), now) : null;
        TxnState target = switch (decide.decision()) {
            case COMMIT -> late == null ? TxnState.COMMITTED : TxnState.ABORTED;
            case ABORT -> TxnState.ABORTED;
            case ABORT_IF_EXPIRED -> r.expiredAt(now) ? TxnState.ABORTED : TxnState.PENDING;
        };
        if (target == TxnState.PENDING) {
            return outcome(TxnVerdict.OUTCOME_UNKNOWN, "expires in " + (r.createdMs() + r.ttlMs() - now) + " ms");
        }
        txns.putRecord(r.decided(target, now));
        context.observer().decided(txnId, target);
        // The primary group completes its own part in the same entry: one Raft round fewer.
        CompleteCommand.completeHere(context, txnId, target == TxnState.COMMITTED);
        String detail = decide.decision() == KvCommand.Decision.ABORT_IF_EXPIRED ? "expired"
                : late != null ? "commit " + late : null;
        return outcome(target.verdict(), detail);
    }
}
