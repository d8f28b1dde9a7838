package dev.chorus.config;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Optional;

/**
 * One node of the cluster. {@code raftAddress} serves Raft and client RPCs (one port for all groups),
 * {@code adminAddress} the HTTP admin API, {@code etcdAddress} (optional; absent = not served) etcd's v3 gRPC API
 * (module {@code etcd-api}). A relative {@code dataDir} is relative to the cluster file.
 */
public record NodeSpec(String id, String raftAddress, String adminAddress, String dataDir,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String etcdAddress) {

    /** A node without an etcd API. */
    public NodeSpec(String id, String raftAddress, String adminAddress, String dataDir) {
        this(id, raftAddress, adminAddress, dataDir, null);
    }

    public HostPort raft() {
        return HostPort.parse(raftAddress);
    }

    public HostPort admin() {
        return HostPort.parse(adminAddress);
    }

    /** Where the node serves etcd's API, if it does. */
    public Optional<HostPort> etcd() {
        return etcdAddress == null || etcdAddress.isBlank() ? Optional.empty() : Optional.of(HostPort.parse(etcdAddress));
    }
}
