package dev.chorus.txn.coordinator;

import com.alipay.sofa.jraft.Node;
import dev.chorus.client.ChorusClient;
import dev.chorus.client.ChorusException;
import dev.chorus.events.EventLog;
import dev.chorus.events.NodeEvent;
import dev.chorus.participant.LockRecord;
import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.raft.GroupReplica;
import dev.chorus.routing.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Finishes transactions whose coordinator went away, so no lock outlives its transaction by more than the TTL plus
 * about one sweep. Runs on every node, for the groups the node leads:
 * <ul>
 *   <li>an expired lock: ask its record ({@code TxnDecide(ABORT_IF_EXPIRED)}: a PENDING record past its TTL, or a
 *       missing one, becomes ABORTED; that compare-and-set is what stops a slow coordinator from committing later),
 *       then complete this group's part as the record says;</li>
 *   <li>a record of this group: PENDING past its TTL is aborted; decided but unfinished for a while is completed
 *       on every participant (the coordinator normally does this within milliseconds) and marked finished;</li>
 *   <li>finished records and participant states older than the retention are deleted.</li>
 * </ul>
 * Every step is an idempotent Raft command, so resolvers on several nodes, the coordinator and the client may race
 * on the same transaction without harm.
 *
 * <p>Each lock and record is handled on its own: one that cannot be finished (its primary group unreachable, or
 * named wrongly) is retried with exponential backoff, reported as a {@code TXN_RESOLVE_FAILED} event and listed by
 * {@link #unresolved()} (so in {@code GET /txns} and {@code chorus txns}), and never keeps the sweep from the other
 * locks, records and groups. Locks are visited in key order, so before this the same broken lock failed first on
 * every sweep and nothing else on the node was ever resolved.
 *
 * <p>No clock decides anything here: that a lock or record has been around longer than its TTL is measured on this
 * node's monotonic clock from when this resolver first saw it, and only triggers a question; whether a record has
 * expired, and what may be forgotten, the primary group's state machine decides on its own replicated clock
 * ({@code GroupTime}, {@code TxnDeadlines}).
 */
public final class LockResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LockResolver.class);
    private static final int SCAN_LIMIT = 100_000;
    /** A decided record is left to its coordinator's own completion for this long. */
    private static final long COMPLETION_GRACE_MS = 1000;
    /** Backoff after a failed attempt on one item: doubles from the first to the last. */
    static final long FIRST_RETRY_MS = 1000;
    static final long MAX_RETRY_MS = 30_000;

    private final Supplier<List<GroupReplica>> replicas;
    private final ChorusClient client;
    private final EventLog events;
    private final long retentionMs;
    private final ScheduledExecutorService timer;
    /** Items whose last attempt failed, until one succeeds or they disappear; read by {@code GET /txns}. */
    private final Map<Item, Failure> failures = new ConcurrentHashMap<>();
    /** When this resolver first saw each lock or record (nanoTime), for triggers only; touched by the sweep thread. */
    private final Map<String, Long> firstSeen = new HashMap<>();
    private final Set<String> seenThisSweep = new HashSet<>();

    /** One thing the resolver works on: the expired locks of a transaction in a group, or a record of a group. */
    private record Item(String group, String kind, String txn) {
        static final String LOCK = "lock";
        static final String RECORD = "record";
    }

    private record Failure(String key, String primaryGroup, String reason, int attempts, long firstFailedMs,
                           long nextAttemptMs) {
    }

    /**
     * A lock or record this resolver could not finish so far.
     *
     * @param kind          {@code lock} or {@code record}
     * @param key           the first locked key of the transaction in {@code group} (empty for a record)
     * @param nextAttemptMs when the resolver tries again
     */
    public record Unresolved(String group, String kind, String key, String txn, String primaryGroup, String reason,
                             int attempts, long firstFailedMs, long nextAttemptMs) {
    }

    public LockResolver(String nodeId, Supplier<List<GroupReplica>> replicas, ChorusClient client, EventLog events,
                        long intervalMs, long retentionMs) {
        this.replicas = replicas;
        this.client = client;
        this.events = events;
        this.retentionMs = retentionMs;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chorus-lock-resolver-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweepQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // An exception escaping a scheduled task cancels it for good: the node would never resolve again.
            LOG.warn("lock sweep failed (retried next round): {}", e.toString());
        }
    }

    void sweep() {
        Set<String> led = new HashSet<>();
        seenThisSweep.clear();
        for (GroupReplica r : replicas.get()) {
            Node node = r.node();
            if (node == null || !node.isLeader()) {
                continue;
            }
            led.add(r.groupId());
            // Per-item failures are handled inside; this only guards against the group itself going away mid-sweep.
            try {
                sweepLocks(r);
            } catch (RuntimeException e) {
                LOG.warn("lock sweep of {} failed: {}", r.groupId(), e.toString());
            }
            try {
                sweepRecords(r);
            } catch (RuntimeException e) {
                LOG.warn("record sweep of {} failed: {}", r.groupId(), e.toString());
            }
        }
        // Groups this node no longer leads are their new leader's resolver's business.
        failures.keySet().removeIf(i -> !led.contains(i.group()));
        firstSeen.keySet().retainAll(seenThisSweep);
    }

    /** Whether {@code what} has been in this resolver's view for longer than {@code ms} (monotonic clock). */
    private boolean seenLongerThan(String what, long ms) {
        seenThisSweep.add(what);
        long now = System.nanoTime();
        long since = firstSeen.computeIfAbsent(what, k -> now);
        return now - since > TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** What this resolver failed to finish so far, oldest failure first. */
    public List<Unresolved> unresolved() {
        List<Unresolved> out = new ArrayList<>();
        failures.forEach((i, f) -> out.add(new Unresolved(i.group(), i.kind(), f.key(), i.txn(), f.primaryGroup(),
                f.reason(), f.attempts(), f.firstFailedMs(), f.nextAttemptMs())));
        out.sort(Comparator.comparingLong(Unresolved::firstFailedMs));
        return out;
    }

    private void sweepLocks(GroupReplica r) {
        Map<String, LockRecord> expired = new LinkedHashMap<>();
        Map<String, String> firstKey = new HashMap<>();
        for (Map.Entry<byte[], LockRecord> e : r.txns().locks(SCAN_LIMIT)) {
            LockRecord lock = e.getValue();
            String seen = "lock/" + r.groupId() + "/" + java.util.HexFormat.of().formatHex(e.getKey()) + "/" + lock.txnId();
            if (seenLongerThan(seen, lock.ttlMs()) && expired.putIfAbsent(lock.txnId(), lock) == null) {
                firstKey.put(lock.txnId(), Keys.printable(e.getKey()));
            }
        }
        forgetFailuresExcept(r.groupId(), Item.LOCK, expired.keySet());
        // A primary group that did not answer is not asked again in this sweep: one timeout per group, not per lock.
        Map<String, String> silent = new HashMap<>();
        for (LockRecord lock : expired.values()) {
            Item item = new Item(r.groupId(), Item.LOCK, lock.txnId());
            attempt(item, firstKey.get(lock.txnId()), lock.primaryGroup(), silent, () -> {
                TxnVerdict verdict = decide(lock.primaryGroup(), lock.txnId());
                if (verdict == TxnVerdict.COMMITTED || verdict == TxnVerdict.ABORTED) {
                    ChorusClient.join(client.writeToGroupAsync(r.groupId(),
                            new KvCommand.TxnComplete(lock.txnId(), verdict == TxnVerdict.COMMITTED)));
                    events.record(r.groupId(), NodeEvent.Types.TXN_RESOLVED, Map.of("txn", lock.txnId(),
                            "outcome", verdict.name(), "by", "lock sweep"));
                }
            });
        }
    }

    private void sweepRecords(GroupReplica r) {
        Set<String> working = new HashSet<>();
        for (TxnRecord rec : r.txns().records(SCAN_LIMIT)) {
            Item item = new Item(r.groupId(), Item.RECORD, rec.txnId());
            String seen = "record/" + r.groupId() + "/" + rec.txnId() + "/" + rec.state() + "/" + rec.finished();
            if (rec.state() == TxnState.PENDING) {
                // Asking moves the group's time on and aborts the record if its TTL has passed on that clock.
                if (seenLongerThan(seen, rec.ttlMs())) {
                    working.add(rec.txnId());
                    attempt(item, "", r.groupId(), new HashMap<>(), () -> {
                        TxnVerdict v = decide(r.groupId(), rec.txnId());
                        if (v == TxnVerdict.ABORTED || v == TxnVerdict.COMMITTED) {
                            finish(r, rec, v == TxnVerdict.COMMITTED);
                        }
                    });
                }
            } else if (!rec.finished()) {
                if (seenLongerThan(seen, COMPLETION_GRACE_MS)) {
                    working.add(rec.txnId());
                    attempt(item, "", r.groupId(), new HashMap<>(), () -> finish(r, rec, rec.state() == TxnState.COMMITTED));
                }
            }
        }
        forgetFailuresExcept(r.groupId(), Item.RECORD, working);
        // The state machine checks again, on the group's clock, that each may be forgotten (TxnDeadlines).
        List<String> forget = r.txns().forgettable(retentionMs, SCAN_LIMIT);
        if (!forget.isEmpty()) {
            try {
                ChorusClient.join(client.writeToGroupAsync(r.groupId(), new KvCommand.TxnForget(forget)));
            } catch (RuntimeException e) {
                LOG.debug("forgetting {} finished transactions in {} left to the next sweep: {}", forget.size(),
                        r.groupId(), e.toString());
            }
        }
    }

    /**
     * Runs {@code work} for {@code item} unless it is backing off; a failure is remembered with the next attempt's
     * time, reported as an event, and goes no further than this item.
     */
    private void attempt(Item item, String key, String primaryGroup, Map<String, String> silent, Runnable work) {
        long now = System.currentTimeMillis();
        Failure previous = failures.get(item);
        if (previous != null && now < previous.nextAttemptMs()) {
            return;
        }
        String reason = silent.get(primaryGroup);
        if (reason == null) {
            try {
                work.run();
                failures.remove(item);
                return;
            } catch (RuntimeException e) {
                reason = reason(e);
                if (!(e instanceof ChorusException ce) || ce.unreachable()) {
                    silent.put(primaryGroup, reason);
                }
            }
        }
        int attempts = previous == null ? 1 : previous.attempts() + 1;
        long retryIn = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempts - 1, 10));
        failures.put(item, new Failure(key, primaryGroup, reason, attempts,
                previous == null ? now : previous.firstFailedMs(), now + retryIn));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("txn", item.txn());
        if (!key.isEmpty()) {
            details.put("key", key);
        }
        details.put("kind", item.kind());
        details.put("primaryGroup", primaryGroup);
        details.put("reason", reason);
        details.put("attempt", attempts);
        details.put("retryInMs", retryIn);
        events.record(item.group(), NodeEvent.Types.TXN_RESOLVE_FAILED, details);
        LOG.info("cannot resolve {} of {} in {} (attempt {}, retry in {} ms): {}", item.kind(), item.txn(),
                item.group(), attempts, retryIn, reason);
    }

    private void forgetFailuresExcept(String group, String kind, Set<String> stillThere) {
        failures.keySet().removeIf(i -> i.group().equals(group) && i.kind().equals(kind) && !stillThere.contains(i.txn()));
    }

    private static String reason(RuntimeException e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private void finish(GroupReplica r, TxnRecord rec, boolean commit) {
        TxnCoordinator.completeAsync(client, rec.txnId(), r.groupId(), rec.participants(), commit).join();
        events.record(r.groupId(), NodeEvent.Types.TXN_RESOLVED, Map.of("txn", rec.txnId(),
                "outcome", commit ? "COMMITTED" : "ABORTED", "by", "record sweep"));
    }

    /** Asks the record; a resolver does not know the transaction's deadline, so a tombstone it causes is kept longest. */
    private TxnVerdict decide(String primaryGroup, String txnId) {
        KvResponse r;
        try {
            r = ChorusClient.join(client.writeToGroupAsync(primaryGroup,
                    new KvCommand.TxnDecide(txnId, KvCommand.Decision.ABORT_IF_EXPIRED, 0)));
        } catch (ChorusException e) {
            throw new ChorusException(e.code(), "cannot ask primary group " + primaryGroup + ": " + e.getMessage());
        }
        return r instanceof KvResponse.TxnOutcome o ? o.verdict() : null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
