package dev.chorus.admin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.chorus.faults.LinkFault;

import java.util.List;

/**
 * The whole cluster as printed by {@code chorus status --json}: every node (up or not) and every group with all
 * replicas that answered. {@code leader} is null while a group has none. {@code faults} lists every active link fault
 * any node reported.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterStatus(List<NodeEntry> nodes, List<GroupEntry> groups, List<LinkFault> faults) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeEntry(String id, boolean up, String raftAddress, String adminAddress, Long pid, Long uptimeMs,
                            String error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GroupEntry(String id, NodeStatus.RangeView range, String leader, long term,
                             List<NodeStatus.ReplicaView> replicas) {
    }
}
