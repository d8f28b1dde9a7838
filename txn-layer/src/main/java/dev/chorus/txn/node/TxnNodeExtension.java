package dev.chorus.txn.node;

import dev.chorus.node.NodeContext;
import dev.chorus.node.NodeExtension;
import dev.chorus.participant.LockRecord;
import dev.chorus.participant.TxnQueries;
import dev.chorus.participant.TxnRecord;
import dev.chorus.raft.GroupReplica;
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
            TxnQueries txns = r.txns();
            long groupNow = txns.time();
            for (TxnRecord rec : txns.records(10_000)) {
                records.add(new TxnsView.RecordView(rec.txnId(), r.groupId(), rec.state().name(), rec.finished(),
                        rec.participants(), rec.coordinator(), rec.createdMs(), Math.max(0, groupNow - rec.createdMs())));
            }
            for (Map.Entry<byte[], LockRecord> e : txns.locks(MAX_LISTED)) {
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

    /**
     * The saga logs stored in the groups this node leads: unfinished first, then the most recently updated; bounded
     * ({@link LedRecords}), with {@code truncated} true when some were left out.
     */
    Map<String, Object> sagas() {
        LedRecords.Listing<SagaLog> logs = LedRecords.read(context.replicas(), SagaLog.KEY_PREFIX, SagaLog::decode,
                SagaLog.LISTING_ORDER, LedRecords.MAX_LISTED, LedRecords.MAX_BYTES);
        return Map.of("node", context.nodeId(), "sagas", logs.records(), "truncated", logs.truncated());
    }

    /** The TCC decision records stored in the groups this node leads, as {@link #sagas()} lists saga logs. */
    Map<String, Object> tcc() {
        LedRecords.Listing<TccLog> logs = LedRecords.read(context.replicas(), TccLog.KEY_PREFIX, TccLog::decode,
                TccLog.LISTING_ORDER, LedRecords.MAX_LISTED, LedRecords.MAX_BYTES);
        return Map.of("node", context.nodeId(), "tcc", logs.records(), "truncated", logs.truncated());
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
