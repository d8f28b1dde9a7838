package dev.chorus.command;

import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.participant.TxnTable;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;

import static dev.chorus.command.Outcomes.outcome;

/** Marks a decided record as completed on every participant, so resolvers stop working on it. */
record FinishCommand(KvCommand.TxnFinish finish) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        return check.txnId(finish.txnId());
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        TxnTable txns = context.txns();
        TxnRecord r = txns.record(finish.txnId());
        if (r != null && r.state() != TxnState.PENDING && !r.finished()) {
            txns.putRecord(r.asFinished());
        }
        return outcome(r == null ? TxnVerdict.ABORTED : r.state().verdict(), null);
    }
}
