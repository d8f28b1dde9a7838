package dev.chorus.txn.saga;

import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.lease.LeasedLog;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Drives sagas forward, or backward through their compensations, recording every transition in the saga's log in
 * Chorus before going on. A runner owns a saga through a lease in its log that it renews while it works; if the
 * runner dies, a {@link SagaRecovery} worker takes the saga over once the lease expires and resumes it where the
 * log says: the step that was running is run again (at-least-once; the idempotency key makes a repeat harmless).
 *
 * <p>Forward: each step in order; a failing action ends the forward phase. Backward: the compensations of the
 * completed and failed steps in reverse order, each retried up to {@code compensationAttempts} times with backoff; one that
 * still fails leaves the saga NEEDS_ATTENTION, visible in {@code GET /sagas} and {@code chorus sagas}.
 */
public final class SagaRunner implements AutoCloseable {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

    private final TxnClient txns;
    private final LeasedLog<SagaLog> log;
    private final int compensationAttempts;
    private final SagaListener listener;
    private final CrashPoint crashPoint;

    /** Where a runner may be made to crash (tests and {@code chorus saga demo-order --crash-at}). */
    @FunctionalInterface
    public interface CrashPoint {
        CrashPoint NONE = (step, compensating) -> {
        };

        /** Called after a step's action (or compensation) returned, before the log records it. */
        void afterStep(String step, boolean compensating);
    }

    /** This runner no longer holds the saga: another runner owns it now, or its lease ran out. */
    public static final class LostOwnership extends RuntimeException {
        LostOwnership(String id, String other) {
            super("saga " + id + " is now driven by " + other);
        }

        private LostOwnership(String message) {
            super(message);
        }

        static LostOwnership leaseExpired(String id, String owner, long agoMs) {
            return new LostOwnership("saga " + id + ": the lease of " + owner + " ran out " + agoMs
                    + " ms ago; it records nothing more and recovery takes the saga over");
        }
    }

    private static final LeasedLog.LostOwnershipFactory LOST = new LeasedLog.LostOwnershipFactory() {
        @Override
        public RuntimeException otherOwner(String id, String other) {
            return new LostOwnership(id, other);
        }

        @Override
        public RuntimeException leaseExpired(String id, String owner, long agoMs) {
            return LostOwnership.leaseExpired(id, owner, agoMs);
        }
    };

    public SagaRunner(TxnClient txns, int compensationAttempts, Duration lease, SagaListener listener, CrashPoint crashPoint) {
        this.txns = txns;
        this.log = new LeasedLog<>(txns, SagaLog.KEY_PREFIX, SagaLog::decode, lease, "runner", LOST);
        this.compensationAttempts = compensationAttempts;
        this.listener = listener;
        this.crashPoint = crashPoint;
    }

    public SagaRunner(TxnClient txns, SagaListener listener) {
        this(txns, 5, DEFAULT_LEASE, listener, CrashPoint.NONE);
    }

    /** Starts a new saga and drives it to a final state. */
    public SagaLog run(SagaDefinition def, Map<String, String> params) {
        String id = UUID.randomUUID().toString();
        SagaLog first = log.create(id, until -> SagaLog.start(id, def, params, log.owner(), until));
        listener.started(first);
        return drive(def, first);
    }

    /** Takes over an unfinished saga whose lease has expired; empty if someone else holds it. */
    public Optional<SagaLog> resume(SagaDefinition def, String id) {
        return log.takeOver(id).map(taken -> drive(def, taken));
    }

    private SagaLog drive(SagaDefinition def, SagaLog start) {
        try (LeasedLog.Renewal renewal = log.renewWhileWorking(start.id())) {
            SagaLog current = start;
            while (current.state() == SagaState.RUNNING) {
                current = forward(def, current);
            }
            while (current.state() == SagaState.COMPENSATING) {
                current = backward(def, current);
            }
            listener.finished(current);
            return current;
        }
    }

    private SagaLog forward(SagaDefinition def, SagaLog log) {
        int i = 0;
        while (i < log.steps().size() && log.steps().get(i).state() == SagaLog.StepState.DONE) {
            i++;
        }
        if (i == log.steps().size()) {
            return persist(log.withState(SagaState.COMPLETED, null));
        }
        SagaDefinition.Step step = def.steps().get(i);
        int attempt = log.steps().get(i).attempts() + 1;
        log = persist(log.withStep(i, SagaLog.StepState.RUNNING, attempt, null));
        listener.stepStarted(log, step.name(), false, attempt);
        try {
            step.action().run(new StepContext(log.id(), step.name(), false, attempt, log.params(), txns));
        } catch (Exception e) {
            String why = message(e);
            listener.stepFailed(log, step.name(), false, why);
            log = log.withStep(i, SagaLog.StepState.FAILED, attempt, why);
            return persist(log.withState(SagaState.COMPENSATING, "step " + step.name() + " failed: " + why));
        }
        crashPoint.afterStep(step.name(), false);
        listener.stepSucceeded(log, step.name(), false);
        return persist(log.withStep(i, SagaLog.StepState.DONE, attempt, null));
    }

    private SagaLog backward(SagaDefinition def, SagaLog log) {
        int i = log.steps().size() - 1;
        while (i >= 0 && !needsCompensation(log.steps().get(i).state())) {
            i--;
        }
        if (i < 0) {
            return persist(log.withState(SagaState.COMPENSATED, null));
        }
        SagaDefinition.Step step = def.steps().get(i);
        String lastError = null;
        for (int attempt = 1; attempt <= compensationAttempts; attempt++) {
            log = persist(log.withStep(i, SagaLog.StepState.COMPENSATING, log.steps().get(i).attempts(), lastError));
            listener.stepStarted(log, step.name(), true, attempt);
            try {
                step.compensation().run(new StepContext(log.id(), step.name(), true, attempt, log.params(), txns));
                crashPoint.afterStep(step.name(), true);
                listener.stepSucceeded(log, step.name(), true);
                return persist(log.withStep(i, SagaLog.StepState.COMPENSATED, log.steps().get(i).attempts(), null));
            } catch (Exception e) {
                lastError = message(e);
                listener.stepFailed(log, step.name(), true, lastError);
                sleep(Math.min(2000, 50L << Math.min(attempt, 5)));
            }
        }
        log = log.withStep(i, SagaLog.StepState.COMPENSATION_FAILED, log.steps().get(i).attempts(), lastError);
        return persist(log.withState(SagaState.NEEDS_ATTENTION, "compensation of " + step.name() + " failed "
                + compensationAttempts + " times: " + lastError));
    }

    /**
     * Which steps the backward pass compensates: those that completed, those whose compensation was under way, and
     * those that FAILED, because a failed action may still have taken effect (its commit's outcome was unknown, or a
     * runner that lost its lease committed it after the step was marked failed). Compensations check the action's
     * own marker, so compensating a step that did nothing is harmless.
     */
    private static boolean needsCompensation(SagaLog.StepState state) {
        return state == SagaLog.StepState.DONE || state == SagaLog.StepState.COMPENSATING
                || state == SagaLog.StepState.FAILED;
    }

    /**
     * Writes the log if this runner still holds the saga's lease, renewing it. Owner and lease are checked inside the
     * same serializable transaction as the write, so a runner that stalled past its lease (and may have been taken
     * over, or be about to be) can never record a step result over what the new owner does.
     */
    private SagaLog persist(SagaLog next) {
        return log.write(next);
    }

    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
