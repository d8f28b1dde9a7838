package dev.chorus.verify.workload;

import dev.chorus.client.ChorusException;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.txn.client.TxnException;
import dev.chorus.verify.history.Op;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** fail only for certain refusals; every error that may follow an applied attempt is info. */
class OutcomesTest {

    @Test
    void writeErrorsAreInfoUnlessARefusalThatDoesNotDependOnEarlierAttempts() {
        for (ErrorCode code : new ErrorCode[]{ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE, ErrorCode.NOT_LEADER, ErrorCode.BUSY,
                ErrorCode.LOCKED, ErrorCode.INTERNAL}) {
            assertEquals(Op.Type.INFO, Outcomes.ofWrite(new ChorusException(code, "x")), code.name());
        }
        assertEquals(Op.Type.FAIL, Outcomes.ofWrite(new ChorusException(ErrorCode.TOO_LARGE, "x")));
        assertEquals(Op.Type.FAIL, Outcomes.ofWrite(new ChorusException(ErrorCode.BAD_REQUEST, "x")));
        assertEquals(Op.Type.INFO, Outcomes.ofWrite(new IllegalStateException("connection reset")));
    }

    @Test
    void transactionsFailBeforeCommitOrWhenAbortedAndAreInfoWhenUnknown() {
        assertEquals(Op.Type.FAIL, Outcomes.ofTxn(new ChorusException(ErrorCode.TIMEOUT, "read"), false), "writes are buffered until commit");
        assertEquals(Op.Type.FAIL, Outcomes.ofTxn(new TxnException(TxnException.Kind.ABORTED, "conflict"), true));
        assertEquals(Op.Type.FAIL, Outcomes.ofTxn(new TxnException(TxnException.Kind.INVALID, "refused"), true));
        assertEquals(Op.Type.INFO, Outcomes.ofTxn(new TxnException(TxnException.Kind.UNKNOWN, "outcome unknown"), true));
        assertEquals(Op.Type.INFO, Outcomes.ofTxn(new ChorusException(ErrorCode.TIMEOUT, "commit"), true));
    }
}
