package dev.chorus.txn.coordinator;

import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.TxnCommitRequest;
import dev.chorus.routing.RangeRouter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transaction's reads, scanned ranges and writes split by the group that owns each key. The primary group, where
 * the transaction record lives, is the group of the first write (of the first read for a read-only transaction).
 * {@code deadlineMs} is the client's deadline in the primary group's time ({@code TxnDeadlines}).
 */
public record TxnPlan(String txnId, String primaryGroup, long deadlineMs, Map<String, Part> parts) {

    /** One group's share of the transaction. */
    public record Part(List<KvCommand.ReadCheck> reads, List<KvCommand.RangeCheck> ranges, List<KvCommand.Mutation> writes) {
    }

    public static TxnPlan of(TxnCommitRequest txn, RangeRouter router) {
        Map<String, Builder> byGroup = new LinkedHashMap<>();
        String primary = null;
        for (KvCommand.Mutation m : txn.writes()) {
            String g = router.routeFor(m.key()).groupId();
            primary = primary == null ? g : primary;
            byGroup.computeIfAbsent(g, k -> new Builder()).writes.add(m);
        }
        for (KvCommand.ReadCheck r : txn.reads()) {
            String g = router.routeFor(r.key()).groupId();
            primary = primary == null ? g : primary;
            byGroup.computeIfAbsent(g, k -> new Builder()).reads.add(r);
        }
        for (KvCommand.RangeCheck r : txn.ranges()) {
            String g = router.routeFor(r.start()).groupId();
            primary = primary == null ? g : primary;
            byGroup.computeIfAbsent(g, k -> new Builder()).ranges.add(r);
        }
        if (primary == null) {
            throw new IllegalArgumentException("empty transaction: nothing read or written");
        }
        // The primary first: the record's participant list and the prepare order start with it.
        Map<String, Part> parts = new LinkedHashMap<>();
        parts.put(primary, byGroup.get(primary).build());
        byGroup.forEach((g, b) -> parts.putIfAbsent(g, b.build()));
        return new TxnPlan(txn.txnId(), primary, txn.deadlineMs(), parts);
    }

    public boolean singleGroup() {
        return parts.size() == 1;
    }

    public List<String> groups() {
        return List.copyOf(parts.keySet());
    }

    private static final class Builder {
        final List<KvCommand.ReadCheck> reads = new ArrayList<>();
        final List<KvCommand.RangeCheck> ranges = new ArrayList<>();
        final List<KvCommand.Mutation> writes = new ArrayList<>();

        Part build() {
            return new Part(reads, ranges, writes);
        }
    }
}
