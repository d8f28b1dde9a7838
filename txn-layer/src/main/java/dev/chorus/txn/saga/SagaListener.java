package dev.chorus.txn.saga;

/** Told what a runner does, as it does it (the CLI prints it). */
public interface SagaListener {
    SagaListener NONE = new SagaListener() {
    };

    default void started(SagaLog log) {
    }

    default void stepStarted(SagaLog log, String step, boolean compensating, int attempt) {
    }

    default void stepSucceeded(SagaLog log, String step, boolean compensating) {
    }

    default void stepFailed(SagaLog log, String step, boolean compensating, String error) {
    }

    default void finished(SagaLog log) {
    }
}
