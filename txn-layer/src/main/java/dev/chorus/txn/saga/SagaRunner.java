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
 * completed and failed steps in reverse order, each retried up to {@code compensationAttempts} times with backoff; one that
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
        // The lease counts from the attempt that writes the log, not from before it (a slow first commit ate into it).
        SagaLog log = txns.run(t -> {
            if (t.get(SagaLog.key(id)).isPresent()) {
                throw new IllegalStateException("saga " + id + " exists");
            }
            SagaLog first = SagaLog.start(id, def, params, owner, System.currentTimeMillis() + lease.toMillis());
            t.put(SagaLog.key(id), first.encode());
            return first;
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
        return txns.run(t -> {
            SagaLog cur = t.get(SagaLog.key(next.id())).map(SagaLog::decode).orElse(null);
            long now = System.currentTimeMillis();
            if (cur != null && !owner.equals(cur.owner())) {
                throw new LostOwnership(next.id(), cur.owner());
            }
            if (cur != null && cur.leaseUntilMs() <= now) {
                throw LostOwnership.leaseExpired(next.id(), owner, now - cur.leaseUntilMs());
            }
            SagaLog mine = next.ownedBy(owner, now + lease.toMillis());
            t.put(SagaLog.key(next.id()), mine.encode());
            return mine;
        });
    }

    private void renew(String id) {
        try {
            txns.run(t -> {
                SagaLog cur = t.get(SagaLog.key(id)).map(SagaLog::decode).orElse(null);
                // Only a lease still held is extended: one that ran out belongs to whoever recovers the saga.
                if (cur != null && owner.equals(cur.owner()) && !cur.state().isFinal()
                        && cur.leaseUntilMs() > System.currentTimeMillis()) {
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
