package dev.chorus.txn.coordinator;

import com.alipay.sofa.jraft.Node;
import dev.chorus.client.ChorusClient;
import dev.chorus.events.EventLog;
import dev.chorus.events.NodeEvent;
import dev.chorus.participant.LockRecord;
import dev.chorus.participant.TxnParticipant;
import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.raft.GroupReplica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>No clock decides anything here: when a lock or record has been seen for longer than its TTL is measured on
 * this node's monotonic clock from when this resolver first saw it, and that only triggers a question; whether a
 * record has expired, and what may be forgotten, the primary group's state machine decides on its own replicated
 * clock ({@code GroupTime}, {@code TxnDeadlines}).
 */
public final class LockResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LockResolver.class);
    private static final int SCAN_LIMIT = 100_000;
    /** A decided record is left to its coordinator's own completion for this long. */
    private static final long COMPLETION_GRACE_MS = 1000;

    private final Supplier<List<GroupReplica>> replicas;
    private final ChorusClient client;
    private final EventLog events;
    private final long retentionMs;
    private final ScheduledExecutorService timer;
    /** When this resolver first saw each lock (group, key, transaction) or record: nanoTime, for triggers only. */
    private final Map<String, Long> firstSeen = new java.util.HashMap<>();
    private final java.util.Set<String> seenThisSweep = new java.util.HashSet<>();

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
        } catch (RuntimeException e) {
            LOG.debug("lock sweep failed (retried next round): {}", e.toString());
        }
    }

    void sweep() {
        seenThisSweep.clear();
        try {
            for (GroupReplica r : replicas.get()) {
                Node node = r.node();
                if (node == null || !node.isLeader()) {
                    continue;
                }
                sweepLocks(r);
                sweepRecords(r);
            }
        } finally {
            firstSeen.keySet().retainAll(seenThisSweep);
        }
    }

    /** Whether {@code what} has been in view of this resolver for longer than {@code ms}. */
    private boolean seenLongerThan(String what, long ms) {
        seenThisSweep.add(what);
        long now = System.nanoTime();
        long since = firstSeen.computeIfAbsent(what, k -> now);
        return now - since > TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private void sweepLocks(GroupReplica r) {
        Map<String, LockRecord> expired = new LinkedHashMap<>();
        for (Map.Entry<byte[], LockRecord> e : TxnParticipant.locks(r.store(), SCAN_LIMIT)) {
            LockRecord lock = e.getValue();
            String id = "lock/" + r.groupId() + "/" + java.util.HexFormat.of().formatHex(e.getKey()) + "/" + lock.txnId();
            if (seenLongerThan(id, lock.ttlMs())) {
                expired.putIfAbsent(lock.txnId(), lock);
            }
        }
        for (LockRecord lock : expired.values()) {
            TxnVerdict verdict = decide(lock.primaryGroup(), lock.txnId());
            if (verdict == TxnVerdict.COMMITTED || verdict == TxnVerdict.ABORTED) {
                ChorusClient.join(client.writeToGroupAsync(r.groupId(), new KvCommand.TxnComplete(lock.txnId(), verdict == TxnVerdict.COMMITTED)));
                events.record(r.groupId(), NodeEvent.Types.TXN_RESOLVED, Map.of("txn", lock.txnId(), "outcome", verdict.name(),
                        "by", "lock sweep"));
            }
        }
    }

    private void sweepRecords(GroupReplica r) {
        for (TxnRecord rec : TxnParticipant.records(r.store(), SCAN_LIMIT)) {
            String id = "record/" + r.groupId() + "/" + rec.txnId() + "/" + rec.state() + "/" + rec.finished();
            if (rec.state() == TxnState.PENDING) {
                // Asking advances the group's time and aborts the record if its TTL has passed on that clock.
                if (seenLongerThan(id, rec.ttlMs())) {
                    TxnVerdict v = decide(r.groupId(), rec.txnId());
                    if (v == TxnVerdict.ABORTED || v == TxnVerdict.COMMITTED) {
                        finish(r, rec, v == TxnVerdict.COMMITTED);
                    }
                }
            } else if (!rec.finished()) {
                if (seenLongerThan(id, COMPLETION_GRACE_MS)) {
                    finish(r, rec, rec.state() == TxnState.COMMITTED);
                }
            }
        }
        List<String> forget = TxnParticipant.forgettable(r.store(), retentionMs, SCAN_LIMIT);
        if (!forget.isEmpty()) {
            ChorusClient.join(client.writeToGroupAsync(r.groupId(), new KvCommand.TxnForget(forget)));
        }
    }

    private void finish(GroupReplica r, TxnRecord rec, boolean commit) {
        TxnCoordinator.completeAsync(client, rec.txnId(), r.groupId(), rec.participants(), commit).join();
        events.record(r.groupId(), NodeEvent.Types.TXN_RESOLVED, Map.of("txn", rec.txnId(),
                "outcome", commit ? "COMMITTED" : "ABORTED", "by", "record sweep"));
    }

    /** Asks the record; a resolver does not know the transaction's deadline, so a tombstone it causes is kept longest. */
    private TxnVerdict decide(String primaryGroup, String txnId) {
        KvResponse r = ChorusClient.join(client.writeToGroupAsync(primaryGroup,
                new KvCommand.TxnDecide(txnId, KvCommand.Decision.ABORT_IF_EXPIRED, 0)));
        return r instanceof KvResponse.TxnOutcome o ? o.verdict() : null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
