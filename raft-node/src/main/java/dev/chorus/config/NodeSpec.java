package dev.chorus.config;

/**
 * One node of the cluster. {@code raftAddress} serves Raft and client RPCs (one port for all groups),
 * {@code adminAddress} the HTTP admin API. A relative {@code dataDir} is relative to the cluster file.
 */
public record NodeSpec(String id, String raftAddress, String adminAddress, String dataDir) {

    public HostPort raft() {
        return HostPort.parse(raftAddress);
    }

    public HostPort admin() {
        return HostPort.parse(adminAddress);
    }
}
