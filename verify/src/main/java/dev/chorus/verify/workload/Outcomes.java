package dev.chorus.verify.workload;

import dev.chorus.client.ChorusException;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.txn.client.TxnException;
import dev.chorus.verify.history.Op;

/**
 * How an error ends an op in the history. {@code fail} promises the checkers "certainly no effect", so it is given
 * only for definite refusals; anything else is {@code info}.
 */
public final class Outcomes {
    private Outcomes() {
    }

    /**
     * A single-key write that threw. The client retries retryable codes (with the same request id), so a final
     * retryable code (timeout, no leader, busy) may follow an attempt that was applied: info. A non-retryable code
     * other than INTERNAL is a validation refusal that does not depend on what earlier attempts did: fail.
     */
    public static Op.Type ofWrite(RuntimeException e) {
        if (e instanceof ChorusException c && !c.code().retryable() && c.code() != ErrorCode.INTERNAL) {
            return Op.Type.FAIL;
        }
        return Op.Type.INFO;
    }

    /**
     * A transaction that threw. Writes are buffered until commit, so anything thrown before commit was called had no
     * effect: fail. From commit, ABORTED (conflict, stale read, unreachable participant) and INVALID (refused) are the
     * transaction client's promise that nothing took effect: fail; UNKNOWN and any other error: info.
     */
    public static Op.Type ofTxn(RuntimeException e, boolean commitCalled) {
        if (!commitCalled) {
            return Op.Type.FAIL;
        }
        if (e instanceof TxnException t && t.kind() != TxnException.Kind.UNKNOWN) {
            return Op.Type.FAIL;
        }
        return Op.Type.INFO;
    }
}
