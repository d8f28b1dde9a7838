package dev.chorus.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.chorus.faults.LinkFault;

import java.util.List;

/**
 * What one node reports at {@code GET /status}: itself, its replica of each group it hosts, and the link faults it
 * knows of (injected faults are listed until healed) and the armed failpoints. The cluster view
 * ({@link ClusterStatus}) is merged from these. Fields may be added, never renamed or removed: the CLI, the dashboard
 * and scripts parse them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeStatus(NodeInfo node, List<GroupView> groups, List<LinkFault> faults, List<String> failpoints) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    /** @param clockMs the node's wall clock when it answered: compared with the caller's, it shows a skewed clock */
    public record NodeInfo(String id, boolean up, String raftAddress, String adminAddress, long pid, long startedAtMs,
                           long uptimeMs, long clockMs) {
    }

    /** One group as seen by this node: its leader and term in this node's view, and this node's replica. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GroupView(String id, RangeView range, String leader, long term, List<ReplicaView> replicas) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RangeView(String start, String end) {
    }

    /**
     * One replica. {@code followers} is filled on the leader only: the leader's view of each peer's progress
     * ({@code matchIndex} = {@code nextIndex - 1}; jraft advances nextIndex only on acknowledged appends).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplicaView(String node, String role, long term, long lastLogIndex, long committedIndex,
                              long appliedIndex, Long lag, long stateBytes, List<FollowerProgress> followers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FollowerProgress(String node, long nextIndex, long matchIndex) {
    }
}
