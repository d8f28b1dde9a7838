package dev.chorus.command;

import dev.chorus.participant.TxnConflicts;
import dev.chorus.participant.TxnDeadlines;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;

import java.util.List;

/** Answers of transaction commands. */
final class Outcomes {
    private Outcomes() {
    }

    static KvResponse.TxnOutcome outcome(TxnVerdict verdict, String detail) {
        return new KvResponse.TxnOutcome(verdict, detail);
    }

    /**
     * Why a transaction ({@code what}, for the message) may not take its locks or apply at this entry: REFUSED past
     * its deadline on the group's clock, CONFLICT when the conflict rules forbid it; null when it may.
     */
    static KvResponse.TxnOutcome lateOrConflicting(ApplyContext context, String what, String txnId, long deadlineMs,
                                                   List<KvCommand.ReadCheck> reads, List<KvCommand.RangeCheck> ranges,
                                                   List<KvCommand.Mutation> writes) {
        String late = TxnDeadlines.refusal(deadlineMs, context.batch().time());
        if (late != null) {
            return outcome(TxnVerdict.REFUSED, what + " refused: " + late);
        }
        String conflict = TxnConflicts.conflict(context.batch(), txnId, reads, ranges, writes);
        return conflict == null ? null : outcome(TxnVerdict.CONFLICT, conflict);
    }
}
