package dev.chorus.txn.saga;

/** Where a saga stands. COMPLETED, COMPENSATED and NEEDS_ATTENTION are final. */
public enum SagaState {
    RUNNING, COMPENSATING, COMPLETED, COMPENSATED,
    /** A compensation kept failing after its retries: an operator must look (never silently dropped). */
    NEEDS_ATTENTION;

    public boolean isFinal() {
        return this == COMPLETED || this == COMPENSATED || this == NEEDS_ATTENTION;
    }
}
