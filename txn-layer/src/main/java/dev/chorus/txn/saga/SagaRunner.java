package dev.chorus.txn.saga;

import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives sagas forward, or backward through their compensations, recording every transition in the saga's log in
 * Chorus before going on. A runner owns a saga through a lease in its log that it renews while it works; if the
 * runner dies, a {@link SagaRecovery} worker takes the saga over once the lease expires and resumes it where the
 * log says: the step that was running is run again (at-least-once; the idempotency key makes a repeat harmless).
 *
 * <p>Forward: each step in order; a failing action ends the forward phase. Backward: the compensations of the
 * completed steps in reverse order, each retried up to {@code compensationAttempts} times with backoff; one that
 * still fails leaves the saga NEEDS_ATTENTION, visible in {@code GET /sagas} and {@code chorus sagas}.
 */
public final class SagaRunner implements AutoCloseable {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

    private final TxnClient txns;
    private final String owner = "runner-" + UUID.randomUUID().toString().substring(0, 8);
    private final int compensationAttempts;
    private final Duration lease;
    private final SagaListener listener;
    private final CrashPoint crashPoint;
    private final ScheduledExecutorService leaseTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chorus-saga-lease");
        t.setDaemon(true);
        return t;
    });

    /** Where a runner may be made to crash (tests and {@code chorus saga demo-order --crash-at}). */
    @FunctionalInterface
    public interface CrashPoint {
        CrashPoint NONE = (step, compensating) -> {
        };

        /** Called after a step's action (or compensation) returned, before the log records it. */
        void afterStep(String step, boolean compensating);
    }

    /** The saga log changed under this runner: another runner owns it now. */
    public static final class LostOwnership extends RuntimeException {
        LostOwnership(String id, String other) {
            super("saga " + id + " is now driven by " + other);
        }
    }

    public SagaRunner(TxnClient txns, int compensationAttempts, Duration lease, SagaListener listener, CrashPoint crashPoint) {
        this.txns = txns;
        this.compensationAttempts = compensationAttempts;
        this.lease = lease;
        this.listener = listener;
        this.crashPoint = crashPoint;
    }

    public SagaRunner(TxnClient txns, SagaListener listener) {
        this(txns, 5, DEFAULT_LEASE, listener, CrashPoint.NONE);
    }

    /** Starts a new saga and drives it to a final state. */
    public SagaLog run(SagaDefinition def, Map<String, String> params) {
        String id = UUID.randomUUID().toString();
        SagaLog log = SagaLog.start(id, def, params, owner, System.currentTimeMillis() + lease.toMillis());
        txns.run(t -> {
            if (t.get(SagaLog.key(id)).isPresent()) {
                throw new IllegalStateException("saga " + id + " exists");
            }
            t.put(SagaLog.key(id), log.encode());
            return null;
        });
        listener.started(log);
        return drive(def, log);
    }

    /** Takes over an unfinished saga whose lease has expired; empty if someone else holds it. */
    public Optional<SagaLog> resume(SagaDefinition def, String id) {
        SagaLog taken = txns.run(t -> {
            SagaLog cur = t.get(SagaLog.key(id)).map(SagaLog::decode).orElse(null);
            if (cur == null || cur.state().isFinal() || (cur.leaseUntilMs() > System.currentTimeMillis() && !owner.equals(cur.owner()))) {
                return null;
            }
            SagaLog mine = cur.ownedBy(owner, System.currentTimeMillis() + lease.toMillis());
            t.put(SagaLog.key(id), mine.encode());
            return mine;
        });
        return taken == null ? Optional.empty() : Optional.of(drive(def, taken));
    }

    private SagaLog drive(SagaDefinition def, SagaLog start) {
        String id = start.id();
        ScheduledFuture<?> renewal = leaseTimer.scheduleWithFixedDelay(() -> renew(id), lease.toMillis() / 3,
                lease.toMillis() / 3, TimeUnit.MILLISECONDS);
        try {
            SagaLog log = start;
            while (log.state() == SagaState.RUNNING) {
                log = forward(def, log);
            }
            while (log.state() == SagaState.COMPENSATING) {
                log = backward(def, log);
            }
            listener.finished(log);
            return log;
        } finally {
            renewal.cancel(false);
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
        while (i >= 0 && !(log.steps().get(i).state() == SagaLog.StepState.DONE
                || log.steps().get(i).state() == SagaLog.StepState.COMPENSATING)) {
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

    /** Writes the log if this runner still owns the saga, renewing the lease. */
    private SagaLog persist(SagaLog next) {
        SagaLog mine = next.ownedBy(owner, System.currentTimeMillis() + lease.toMillis());
        txns.run(t -> {
            SagaLog cur = t.get(SagaLog.key(next.id())).map(SagaLog::decode).orElse(null);
            if (cur != null && !owner.equals(cur.owner())) {
                throw new LostOwnership(next.id(), cur.owner());
            }
            t.put(SagaLog.key(next.id()), mine.encode());
            return null;
        });
        return mine;
    }

    private void renew(String id) {
        try {
            txns.run(t -> {
                SagaLog cur = t.get(SagaLog.key(id)).map(SagaLog::decode).orElse(null);
                if (cur != null && owner.equals(cur.owner()) && !cur.state().isFinal()) {
                    t.put(SagaLog.key(id), cur.ownedBy(owner, System.currentTimeMillis() + lease.toMillis()).encode());
                }
                return null;
            }, 3);
        } catch (TxnException e) {
            // the next renewal or the next step's write tries again
        }
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
        leaseTimer.shutdownNow();
    }
}
