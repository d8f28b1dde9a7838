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
        for (GroupReplica r : replicas.get()) {
            Node node = r.node();
            if (node == null || !node.isLeader()) {
                continue;
            }
            sweepLocks(r);
            sweepRecords(r);
        }
    }

    private void sweepLocks(GroupReplica r) {
        long now = System.currentTimeMillis();
        Map<String, LockRecord> expired = new LinkedHashMap<>();
        for (Map.Entry<byte[], LockRecord> e : TxnParticipant.locks(r.store(), SCAN_LIMIT)) {
            if (e.getValue().expiredAt(now)) {
                expired.putIfAbsent(e.getValue().txnId(), e.getValue());
            }
        }
        for (LockRecord lock : expired.values()) {
            TxnVerdict verdict = decide(lock.primaryGroup(), lock.txnId(), now);
            if (verdict == TxnVerdict.COMMITTED || verdict == TxnVerdict.ABORTED) {
                ChorusClient.join(client.writeToGroupAsync(r.groupId(), new KvCommand.TxnComplete(lock.txnId(), verdict == TxnVerdict.COMMITTED)));
                events.record(r.groupId(), NodeEvent.Types.TXN_RESOLVED, Map.of("txn", lock.txnId(), "outcome", verdict.name(),
                        "by", "lock sweep"));
            }
        }
    }

    private void sweepRecords(GroupReplica r) {
        long now = System.currentTimeMillis();
        List<String> forget = new ArrayList<>();
        for (TxnRecord rec : TxnParticipant.records(r.store(), SCAN_LIMIT)) {
            if (rec.state() == TxnState.PENDING) {
                if (rec.expiredAt(now)) {
                    TxnVerdict v = decide(r.groupId(), rec.txnId(), now);
                    if (v == TxnVerdict.ABORTED || v == TxnVerdict.COMMITTED) {
                        finish(r, rec, v == TxnVerdict.COMMITTED);
                    }
                }
            } else if (!rec.finished()) {
                if (now - rec.decidedMs() > COMPLETION_GRACE_MS) {
                    finish(r, rec, rec.state() == TxnState.COMMITTED);
                }
            } else if (now - rec.decidedMs() > retentionMs) {
                forget.add(rec.txnId());
            }
        }
        TxnParticipant.finishedParticipations(r.store(), SCAN_LIMIT).forEach((id, createdMs) -> {
            if (now - createdMs > retentionMs && !forget.contains(id)) {
                forget.add(id);
            }
        });
        if (!forget.isEmpty()) {
            ChorusClient.join(client.writeToGroupAsync(r.groupId(), new KvCommand.TxnForget(forget)));
        }
    }

    private void finish(GroupReplica r, TxnRecord rec, boolean commit) {
        TxnCoordinator.completeAsync(client, rec.txnId(), r.groupId(), rec.participants(), commit).join();
        events.record(r.groupId(), NodeEvent.Types.TXN_RESOLVED, Map.of("txn", rec.txnId(),
                "outcome", commit ? "COMMITTED" : "ABORTED", "by", "record sweep"));
    }

    private TxnVerdict decide(String primaryGroup, String txnId, long now) {
        KvResponse r = ChorusClient.join(client.writeToGroupAsync(primaryGroup,
                new KvCommand.TxnDecide(txnId, KvCommand.Decision.ABORT_IF_EXPIRED, now)));
        return r instanceof KvResponse.TxnOutcome o ? o.verdict() : null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
