package dev.chorus.txn.node;

import dev.chorus.admin.AdminServer;
import dev.chorus.admin.NodeFanout;
import dev.chorus.config.ClusterConfig;
import dev.chorus.txn.coordinator.TxnCoordinator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls every node's {@code GET /txns} in parallel and merges the answers into one list of in-flight transactions:
 * a coordinator's live view wins over the record (it knows the phase); records without a live coordinator are the
 * ones a crash left behind, for the resolvers to finish.
 */
public final class TxnsCollector {
    private final NodeFanout fanout;

    public TxnsCollector(ClusterConfig cluster, Duration timeout) {
        this.fanout = new NodeFanout(cluster, timeout);
    }

    /** One in-flight transaction, cluster-wide. */
    public record Row(String id, String state, String phase, List<String> participants, String coordinator, long ageMs) {
    }

    public record Snapshot(List<TxnsView> views, List<String> unreachable) {
        public List<Row> inFlight() {
            Map<String, Row> rows = new LinkedHashMap<>();
            for (TxnsView v : views) {
                for (TxnCoordinator.CoordinatedTxn c : v.coordinating()) {
                    rows.put(c.id(), new Row(c.id(), "PENDING", c.phase() == null ? "?" : c.phase().externalName(), c.participants(), c.coordinator(), c.ageMs()));
                }
            }
            for (TxnsView v : views) {
                for (TxnsView.RecordView r : v.records()) {
                    if (!r.finished() && !rows.containsKey(r.id())) {
                        rows.put(r.id(), new Row(r.id(), r.state(), r.state().equals("PENDING") ? "ORPHANED" : "COMPLETING",
                                r.participants(), r.coordinator(), r.ageMs()));
                    }
                }
            }
            List<Row> out = new ArrayList<>(rows.values());
            out.sort(Comparator.comparingLong(Row::ageMs).reversed());
            return out;
        }

        /** Locks and records that resolvers could not finish, cluster-wide, oldest failure first. */
        public List<TxnsView.UnresolvedView> unresolved() {
            List<TxnsView.UnresolvedView> out = new ArrayList<>();
            views.forEach(v -> out.addAll(v.unresolved()));
            out.sort(Comparator.comparingLong(TxnsView.UnresolvedView::firstFailedMs));
            return out;
        }

        public int lockCount() {
            return views.stream().mapToInt(v -> v.locks().size()).sum();
        }
    }

    public Snapshot collect() {
        List<TxnsView> views = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (NodeFanout.Answer<TxnsView> a : fanout.getAll("/txns", body -> AdminServer.JSON.readValue(body, TxnsView.class)).join()) {
            if (a.value() == null) {
                unreachable.add(a.node().id());
            } else {
                views.add(a.value());
            }
        }
        return new Snapshot(views, unreachable);
    }
}
