package dev.chorus.txn.coordinator;

import dev.chorus.client.ChorusClient;
import dev.chorus.faults.Failpoints;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnCommitRequest;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.routing.RangeRouter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives transactions that clients hand to this node to commit. A transaction in one group commits in one Raft
 * round ({@code TxnOnePhase} command); a transaction over several groups by two-phase commit:
 * <ol>
 *   <li>prepare in every group in parallel (the primary group's prepare also creates the record, PENDING);</li>
 *   <li>if all prepared: {@code TxnDecide(COMMIT)} on the record, otherwise {@code TxnDecide(ABORT)}. That Raft
 *       entry is the commit point; the client is answered with what the record says afterwards;</li>
 *   <li>complete the other participants asynchronously, then mark the record finished.</li>
 * </ol>
 * The coordinator keeps nothing that matters in memory: if it dies at any step, the record and the locks' TTL let
 * the {@link LockResolver}s (or the client) finish the transaction one way or the other.
 */
public final class TxnCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TxnCoordinator.class);
    /** How long a transaction's locks are protected from resolvers; the coordinator finishes preparing well within. */
    public static final long DEFAULT_TTL_MS = 3000;
    private static final int RECENT = 100;
    /** Transactions waiting for a worker, at most. */
    static final int QUEUE_CAPACITY = 1024;
    /** Lifetime of a non-primary participant's prepare, in that group's time, from when the coordinator starts. */
    static final long PARTICIPANT_LIFETIME_MS = 10_000;

    private final String nodeId;
    private final ChorusClient client;
    private final RangeRouter router;
    private final Failpoints failpoints;
    private final long ttlMs;
    private final ExecutorService workers;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Deque<FinishedTxn> recent = new ArrayDeque<>();
    private final Counter outcomes;
    private final Histogram latency;

    /** A transaction this coordinator is working on, as {@code GET /txns} shows it. */
    public record CoordinatedTxn(String id, CoordinatorPhase phase, String primaryGroup, List<String> participants,
                                 List<String> prepared, String coordinator, long startedMs, long ageMs) {
    }

    /** A transaction this coordinator finished recently. */
    public record FinishedTxn(String id, String outcome, String reason, List<String> participants, long startedMs,
                              long durationMs) {
    }

    private final class InFlight {
        final TxnPlan plan;
        final long startedMs = System.currentTimeMillis();
        final List<String> prepared = new CopyOnWriteArrayList<>();
        volatile CoordinatorPhase phase = CoordinatorPhase.PREPARING;

        InFlight(TxnPlan plan) {
            this.plan = plan;
        }

        CoordinatedTxn view(long now) {
            return new CoordinatedTxn(plan.txnId(), phase, plan.primaryGroup(), plan.groups(), List.copyOf(prepared),
                    nodeId, startedMs, now - startedMs);
        }
    }

    public TxnCoordinator(String nodeId, ChorusClient client, RangeRouter router, Failpoints failpoints, long ttlMs,
                          PrometheusRegistry registry) {
        this.nodeId = nodeId;
        this.client = client;
        this.router = router;
        this.failpoints = failpoints;
        this.ttlMs = ttlMs;
        // Each commit blocks a worker while it waits for Raft; the pool bounds how many run at once per node.
        // Bounded: a transaction that cannot be queued is answered at once (it was never started anywhere), not
        // after an unbounded wait, nor held in memory without limit.
        this.workers = new ThreadPoolExecutor(32, 32, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE_CAPACITY), r -> {
            Thread t = new Thread(r, "chorus-txn-coordinator-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        CoordinatorFailpoints.ALL.forEach(failpoints::declare);
        // Without exemplars: the node serves text format 0.0.4, which has no place for them (NodeMetrics says more).
        this.outcomes = Counter.builder().name("chorus_txn_total")
                .help("Transactions this node coordinated, by kind and outcome").labelNames("kind", "outcome")
                .withoutExemplars().register(registry);
        this.latency = Histogram.builder().name("chorus_txn_commit_seconds")
                .help("Commit latency of transactions this node coordinated").labelNames("kind")
                .classicOnly().classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1, 5)
                .withoutExemplars().register(registry);
    }

    /** Commits {@code txn} on a worker thread; the future holds COMMITTED, ABORTED (with the reason) or OUTCOME_UNKNOWN. */
    public CompletableFuture<KvResponse.TxnOutcome> submit(TxnCommitRequest txn) {
        try {
            return CompletableFuture.supplyAsync(() -> commit(txn), workers);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Nothing of the transaction was sent to any group: it certainly did not commit, and may be retried.
            return CompletableFuture.completedFuture(new KvResponse.TxnOutcome(TxnVerdict.ABORTED, "coordinator on "
                    + nodeId + " is busy (" + QUEUE_CAPACITY + " transactions queued); retry"));
        }
    }

    public KvResponse.TxnOutcome commit(TxnCommitRequest txn) {
        if (txn.deadlineMs() <= 0) {
            // Without a deadline fixed by the client, an abort the client is told could later turn into a commit.
            return new KvResponse.TxnOutcome(TxnVerdict.REFUSED, "transaction " + txn.txnId() + " carries no deadline");
        }
        TxnPlan plan = TxnPlan.of(txn, router);
        String kind = plan.singleGroup() ? "one-phase" : "two-phase";
        long start = System.nanoTime();
        InFlight f = new InFlight(plan);
        inFlight.put(plan.txnId(), f);
        KvResponse.TxnOutcome outcome;
        try {
            outcome = plan.singleGroup() ? onePhase(txn, plan) : twoPhase(plan, f);
        } finally {
            inFlight.remove(plan.txnId());
        }
        long nanos = System.nanoTime() - start;
        outcomes.labelValues(kind, outcome.verdict().name()).inc();
        latency.labelValues(kind).observe(nanos / 1e9);
        remember(new FinishedTxn(plan.txnId(), outcome.verdict() == TxnVerdict.OUTCOME_UNKNOWN ? "UNKNOWN" : outcome.verdict().name(),
                outcome.detail(), plan.groups(), f.startedMs, TimeUnit.NANOSECONDS.toMillis(nanos)));
        return outcome;
    }

    private KvResponse.TxnOutcome onePhase(TxnCommitRequest txn, TxnPlan plan) {
        try {
            KvResponse r = ChorusClient.join(client.writeToGroupAsync(plan.primaryGroup(), txn.onePhase()));
            KvResponse.TxnOutcome o = (KvResponse.TxnOutcome) r;
            return switch (o.verdict()) {
                case COMMITTED -> o;
                case CONFLICT, REFUSED, ABORTED -> new KvResponse.TxnOutcome(TxnVerdict.ABORTED, o.detail());
                default -> new KvResponse.TxnOutcome(TxnVerdict.OUTCOME_UNKNOWN, "unexpected answer " + o.verdict());
            };
        } catch (RuntimeException e) {
            return new KvResponse.TxnOutcome(TxnVerdict.OUTCOME_UNKNOWN, "outcome unknown: " + e.getMessage());
        }
    }

    private KvResponse.TxnOutcome twoPhase(TxnPlan plan, InFlight f) {
        failpoints.pause(CoordinatorFailpoints.PAUSE_BEFORE_PREPARE);
        String id = plan.txnId();
        String primary = plan.primaryGroup();
        // Every deadline is fixed before the first prepare leaves (TxnDeadlines): the primary's by the client, each
        // other group's from this node's replica of it (0, no deadline, where it hosts none).
        // Each other participant's time from its leader (its estimate of now, not an idle group's last entry).
        Map<String, CompletableFuture<Long>> times = new LinkedHashMap<>();
        for (String group : plan.parts().keySet()) {
            if (!group.equals(primary)) {
                times.put(group, client.groupTimeAsync(group));
            }
        }
        Map<String, Long> deadlines = new LinkedHashMap<>();
        for (String group : plan.parts().keySet()) {
            deadlines.put(group, group.equals(primary) ? plan.deadlineMs() : participantDeadline(times.get(group)));
        }
        Map<String, CompletableFuture<KvResponse>> prepares = new LinkedHashMap<>();
        plan.parts().forEach((group, part) -> {
            boolean isPrimary = group.equals(primary);
            KvCommand.TxnPrepare prepare = new KvCommand.TxnPrepare(id, primary, deadlines.get(group), ttlMs, part.reads(),
                    part.ranges(), part.writes(), isPrimary ? plan.groups() : List.of(), isPrimary ? nodeId : null);
            prepares.put(group, client.writeToGroupAsync(group, prepare));
        });
        // Prepares must be answered well before the TTL, after which resolvers may abort the transaction anyway.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ttlMs / 2);
        String failure = null;
        boolean firstSeen = false;
        for (Map.Entry<String, CompletableFuture<KvResponse>> e : prepares.entrySet()) {
            String problem = prepared(e.getKey(), e.getValue(), deadline);
            if (problem == null) {
                f.prepared.add(e.getKey());
                if (!firstSeen) {
                    firstSeen = true;
                    failpoints.hit(CoordinatorFailpoints.AFTER_FIRST_PREPARE);
                }
            } else if (failure == null) {
                failure = problem;
            }
        }
        KvCommand.Decision decision;
        if (failure == null) {
            f.phase = CoordinatorPhase.PREPARED;
            failpoints.hit(CoordinatorFailpoints.AFTER_ALL_PREPARED);
            f.phase = CoordinatorPhase.COMMITTING;
            decision = KvCommand.Decision.COMMIT;
        } else {
            f.phase = CoordinatorPhase.ABORTING;
            decision = KvCommand.Decision.ABORT;
        }
        KvResponse.TxnOutcome decided;
        try {
            decided = (KvResponse.TxnOutcome) ChorusClient.join(client.writeToGroupAsync(primary,
                    new KvCommand.TxnDecide(id, decision, plan.deadlineMs())));
        } catch (RuntimeException e) {
            // The decision may or may not have been written; the record knows, and resolvers will finish it.
            f.phase = CoordinatorPhase.OUTCOME_UNKNOWN;
            return new KvResponse.TxnOutcome(TxnVerdict.OUTCOME_UNKNOWN, "decision not confirmed: " + e.getMessage());
        }
        boolean committed = decided.verdict() == TxnVerdict.COMMITTED;
        f.phase = committed ? CoordinatorPhase.COMMITTED : CoordinatorPhase.ABORTED;
        if (committed) {
            failpoints.hit(CoordinatorFailpoints.AFTER_DECISION);
        }
        completeAsync(client, plan.txnId(), primary, plan.groups(), committed);
        if (committed) {
            return decided;
        }
        return new KvResponse.TxnOutcome(TxnVerdict.ABORTED, failure != null ? failure
                : "aborted by a resolver: " + (decided.detail() == null ? "transaction expired" : decided.detail()));
    }

    /** A participant's deadline from its leader's time; 0 (none: liveness only, see TxnDeadlines) if unknown. */
    private static long participantDeadline(CompletableFuture<Long> time) {
        try {
            return time.get(1, TimeUnit.SECONDS) + PARTICIPANT_LIFETIME_MS;
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Null if {@code group} prepared; otherwise why not. */
    private static String prepared(String group, CompletableFuture<KvResponse> future, long deadlineNanos) {
        try {
            KvResponse r = future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            KvResponse.TxnOutcome o = (KvResponse.TxnOutcome) r;
            if (o.verdict() == TxnVerdict.PREPARED) {
                return null;
            }
            return o.detail() != null ? o.detail() : group + " answered " + o.verdict();
        } catch (TimeoutException e) {
            return "group " + group + " did not prepare in time";
        } catch (ExecutionException e) {
            return "group " + group + " failed to prepare: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Completes every participant but the primary (which completed with the decision), then marks the record
     * finished. The future fails if any of it did; the coordinator leaves that to the resolvers, which redo this for
     * decided, unfinished records (and report a participant they cannot reach).
     */
    public static CompletableFuture<Void> completeAsync(ChorusClient client, String txnId, String primary, List<String> groups,
                                                 boolean commit) {
        List<CompletableFuture<KvResponse>> completions = new ArrayList<>();
        for (String g : groups) {
            if (!g.equals(primary)) {
                completions.add(client.writeToGroupAsync(g, new KvCommand.TxnComplete(txnId, commit)));
            }
        }
        return CompletableFuture.allOf(completions.toArray(CompletableFuture[]::new))
                .thenCompose(v -> client.writeToGroupAsync(primary, new KvCommand.TxnFinish(txnId)))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        LOG.debug("completing {} left to the resolvers: {}", txnId, e.getMessage());
                    }
                })
                .thenApply(r -> null);
    }

    private void remember(FinishedTxn t) {
        synchronized (recent) {
            recent.addFirst(t);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    public List<CoordinatedTxn> inFlight() {
        long now = System.currentTimeMillis();
        return inFlight.values().stream().map(f -> f.view(now))
                .sorted(Comparator.comparingLong(CoordinatedTxn::startedMs)).toList();
    }

    public List<FinishedTxn> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
