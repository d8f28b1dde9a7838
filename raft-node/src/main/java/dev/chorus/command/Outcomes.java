package dev.chorus.command;

import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;

/** The answer of a transaction command. */
final class Outcomes {
    private Outcomes() {
    }

    static KvResponse.TxnOutcome outcome(TxnVerdict verdict, String detail) {
        return new KvResponse.TxnOutcome(verdict, detail);
    }
}
