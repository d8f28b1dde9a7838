package dev.chorus.config;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The cluster file exactly as written in JSON. Fields are nullable so that the loader can tell "missing" from
 * "zero" and name what is missing; {@link ClusterConfigLoader} turns it into a validated {@link ClusterConfig}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterFile(String name, Boolean faultInjection, String adminTokenFile, List<NodeSpec> nodes,
                          List<GroupSpec> groups, Raft raft, LimitsFile limits, String tlsDir, Boolean insecure) {

    /** A cluster file without TLS settings. */
    public ClusterFile(String name, Boolean faultInjection, String adminTokenFile, List<NodeSpec> nodes,
                       List<GroupSpec> groups, Raft raft, LimitsFile limits) {
        this(name, faultInjection, adminTokenFile, nodes, groups, raft, limits, null, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Raft(Integer electionTimeoutMs, Integer snapshotIntervalSecs, Integer snapshotLogIndexMargin,
                       Boolean sync, Boolean leaseReads) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LimitsFile(Integer maxKeyBytes, Integer maxValueBytes, Integer maxRequestBytes, Integer maxScanLimit) {
    }
}
