package dev.chorus.command;

import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.participant.TxnTable;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;

import java.util.List;

import static dev.chorus.command.Outcomes.outcome;

/**
 * A transaction whose keys all lie in this group: validated and applied in one entry, no locks left behind. Leaves
 * a finished COMMITTED record, which answers a client that lost its coordinator and asks what happened.
 */
record OnePhaseCommand(KvCommand.TxnOnePhase onePhase) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        return check.txn(onePhase.txnId(), onePhase.reads(), onePhase.ranges(), onePhase.writes());
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        TxnTable txns = context.txns();
        String txnId = onePhase.txnId();
        TxnRecord existing = txns.record(txnId);
        if (existing != null) {
            // Decided before: committed by an earlier copy, or aborted by a client that lost its coordinator.
            return existing.state() == TxnState.COMMITTED ? outcome(TxnVerdict.COMMITTED, "already committed")
                    : outcome(TxnVerdict.REFUSED, "transaction " + txnId + " was aborted");
        }
        long now = txns.time();
        KvResponse.TxnOutcome refused = Outcomes.lateOrConflicting(context, "transaction " + txnId, txnId,
                onePhase.deadlineMs(), onePhase.reads(), onePhase.ranges(), onePhase.writes());
        if (refused != null) {
            return refused;
        }
        for (KvCommand.Mutation m : onePhase.writes()) {
            ReplicatedCommands.of(m).apply(context);
        }
        txns.putRecord(new TxnRecord(txnId, TxnState.COMMITTED, List.of(), "", now, 0, now, true, onePhase.deadlineMs()));
        context.observer().decided(txnId, TxnState.COMMITTED);
        return outcome(TxnVerdict.COMMITTED, null);
    }
}
