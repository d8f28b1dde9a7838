package dev.chorus.txn.client;

/** Why a transaction did not commit, or was used wrongly. */
public final class TxnException extends RuntimeException {

    public enum Kind {
        /** Aborted: a conflicting transaction, a stale read, an expired lock, an unavailable participant. Retry it. */
        ABORTED(true),
        /**
         * The outcome could not be learned before the deadline (primary group unreachable). The transaction may have
         * committed: never retried by {@link TxnClient#run}; the transaction's state is UNKNOWN.
         */
        UNKNOWN(false),
        /** A misuse: empty transaction, over the limits, use after commit or rollback. Retrying will not help. */
        INVALID(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;

    public TxnException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable;
    }
}
