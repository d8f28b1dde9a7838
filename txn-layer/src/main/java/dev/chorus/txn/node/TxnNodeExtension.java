package dev.chorus.txn.node;

import dev.chorus.node.NodeContext;
import dev.chorus.node.NodeExtension;
import dev.chorus.participant.LockRecord;
import dev.chorus.participant.TxnParticipant;
import dev.chorus.participant.TxnRecord;
import dev.chorus.raft.GroupReplica;
import dev.chorus.routing.KeyRange;
import dev.chorus.routing.Keys;
import dev.chorus.txn.saga.SagaLog;
import dev.chorus.txn.tcc.TccLog;
import dev.chorus.txn.coordinator.CommitProcessor;
import dev.chorus.txn.coordinator.CommitRpc;
import dev.chorus.txn.coordinator.LockResolver;
import dev.chorus.txn.coordinator.TxnCoordinator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The transaction layer inside a node: the coordinator clients hand their transactions to, the lock resolver,
 * {@code GET /txns}, {@code GET /sagas} and {@code GET /tcc}. Loaded by the node through {@link java.util.ServiceLoader}.
 */
public final class TxnNodeExtension implements NodeExtension {
    private static final int MAX_LISTED = 200;
    static final long SWEEP_INTERVAL_MS = 1000;
    static final long RETENTION_MS = 60_000;

    private TxnCoordinator coordinator;
    private LockResolver resolver;
    private NodeContext context;

    @Override
    public void start(NodeContext context) {
        this.context = context;
        coordinator = new TxnCoordinator(context.nodeId(), context.client(), context.cluster().router(),
                context.failpoints(), TxnCoordinator.DEFAULT_TTL_MS, context.metrics().registry());
        CommitRpc.registerSerializer();
        context.rpcServer().registerProcessor(new CommitProcessor(coordinator));
        resolver = new LockResolver(context.nodeId(), context::replicas, context.client(), context.events(),
                SWEEP_INTERVAL_MS, RETENTION_MS);
        context.admin().get("/txns", this::view);
        context.admin().get("/sagas", this::sagas);
        context.admin().get("/tcc", this::tcc);
    }

    TxnsView view() {
        List<TxnsView.RecordView> records = new ArrayList<>();
        List<TxnsView.LockView> locks = new ArrayList<>();
        for (GroupReplica r : context.replicas()) {
            if (r.node() == null || !r.node().isLeader()) {
                continue;
            }
            // Record and lock times are the group's time: ages are measured on that clock too.
            long groupNow = r.store().groupTime().timeMs();
            for (TxnRecord rec : TxnParticipant.records(r.store(), 10_000)) {
                records.add(new TxnsView.RecordView(rec.txnId(), r.groupId(), rec.state().name(), rec.finished(),
                        rec.participants(), rec.coordinator(), rec.createdMs(), Math.max(0, groupNow - rec.createdMs())));
            }
            for (Map.Entry<byte[], LockRecord> e : TxnParticipant.locks(r.store(), MAX_LISTED)) {
                LockRecord l = e.getValue();
                locks.add(new TxnsView.LockView(r.groupId(), Keys.printable(e.getKey()), l.txnId(),
                        l.write() ? "write" : "read", Math.max(0, groupNow - l.createdMs()), l.expiredAt(groupNow)));
            }
        }
        // Unfinished first, then the most recent.
        records.sort(Comparator.comparing(TxnsView.RecordView::finished).thenComparing(TxnsView.RecordView::createdMs,
                Comparator.reverseOrder()));
        return new TxnsView(context.nodeId(), coordinator.inFlight(),
                records.subList(0, Math.min(records.size(), MAX_LISTED)), locks, coordinator.recent(),
                resolver.unresolved().stream().map(u -> new TxnsView.UnresolvedView(u.group(), u.kind(), u.key(), u.txn(),
                        u.primaryGroup(), u.reason(), u.attempts(), u.firstFailedMs(), u.nextAttemptMs())).toList());
    }

    /** The saga logs stored in the groups this node leads: unfinished first, then the most recently updated. */
    Map<String, Object> sagas() {
        List<SagaLog> logs = ledRecords(SagaLog.KEY_PREFIX, SagaLog::decode);
        logs.sort(SagaLog.LISTING_ORDER);
        return Map.of("node", context.nodeId(), "sagas", logs.subList(0, Math.min(logs.size(), MAX_LISTED)));
    }

    /** The TCC decision records stored in the groups this node leads: unfinished first, then the most recently updated. */
    Map<String, Object> tcc() {
        List<TccLog> logs = ledRecords(TccLog.KEY_PREFIX, TccLog::decode);
        logs.sort(TccLog.LISTING_ORDER);
        return Map.of("node", context.nodeId(), "tcc", logs.subList(0, Math.min(logs.size(), MAX_LISTED)));
    }

    /** The records under {@code prefix} in the groups this node leads (values that do not decode are skipped). */
    private <R> List<R> ledRecords(String prefix, java.util.function.Function<byte[], R> decode) {
        byte[] start = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] end = Keys.prefixEnd(start);
        List<R> out = new ArrayList<>();
        for (GroupReplica r : context.replicas()) {
            if (r.node() == null || !r.node().isLeader()) {
                continue;
            }
            KeyRange range = r.range();
            byte[] from = Keys.compare(start, range.start()) > 0 ? start : range.start();
            byte[] to = range.unboundedEnd() || Keys.compare(end, range.end()) < 0 ? end : range.end();
            if (Keys.compare(from, to) >= 0) {
                continue;
            }
            for (var kv : r.store().scan(from, to, 10_000).entries()) {
                try {
                    out.add(decode.apply(kv.value()));
                } catch (RuntimeException e) {
                    // not one of these records: skip
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (resolver != null) {
            resolver.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }
}
