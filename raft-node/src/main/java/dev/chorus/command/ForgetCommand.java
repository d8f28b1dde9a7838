package dev.chorus.command;

import dev.chorus.participant.ParticipantState;
import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnTable;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;

/**
 * Deletes finished transactions' records and participant states (garbage collection), each only if the rule of
 * {@link dev.chorus.participant.TxnDeadlines} lets it go at the group time of this entry: the proposer's list is a
 * suggestion, checked again here.
 */
record ForgetCommand(KvCommand.TxnForget forget) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        for (String id : forget.txnIds()) {
            KvResponse.Failure bad = check.txnId(id);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        TxnTable txns = context.txns();
        long now = txns.time();
        for (String id : forget.txnIds()) {
            TxnRecord r = txns.record(id);
            if (r != null && r.forgettableAt(now)) {
                txns.deleteRecord(id);
            }
            ParticipantState s = txns.state(id);
            if (s != null && s.forgettableAt(now)) {
                txns.deleteState(id);
            }
        }
        return new KvResponse.Done();
    }
}
