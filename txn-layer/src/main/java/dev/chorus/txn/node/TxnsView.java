package dev.chorus.txn.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.chorus.txn.coordinator.TxnCoordinator;

import java.util.List;

/**
 * What a node serves at {@code GET /txns}: the transactions it coordinates right now, the records kept by the groups
 * it leads (in flight first, then the most recently decided), the locks held in those groups, and the outcomes of
 * the transactions it coordinated recently. Fields may be added, never renamed: the CLI and the dashboard parse them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TxnsView(String node, List<TxnCoordinator.CoordinatedTxn> coordinating, List<RecordView> records,
                       List<LockView> locks, List<TxnCoordinator.FinishedTxn> recent, List<UnresolvedView> unresolved) {

    public TxnsView {
        // A node from before "unresolved" existed sends none.
        unresolved = unresolved == null ? List.of() : unresolved;
    }

    /** A transaction record in {@code group} (its primary group). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecordView(String id, String group, String state, boolean finished, List<String> participants,
                             String coordinator, long createdMs, long ageMs) {
    }

    /** A lock in {@code group}; {@code kind} is read or write. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LockView(String group, String key, String txn, String kind, long ageMs, boolean expired) {
    }

    /**
     * An expired lock or record of {@code group} that this node's resolver could not finish (e.g. its primary group
     * is unreachable or unknown): {@code kind} is lock or record, {@code key} is empty for a record; the resolver
     * retries at {@code nextAttemptMs} (backoff). These keys stay locked until it succeeds: an operator should look.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UnresolvedView(String group, String kind, String key, String txn, String primaryGroup, String reason,
                                 int attempts, long firstFailedMs, long nextAttemptMs) {
    }
}
