package dev.chorus.config;

/**
 * Raft tuning shared by every group. {@code sync=false} trades durability on a majority crash for speed and
 * exists only for experiments.
 */
public record RaftSettings(int electionTimeoutMs, int snapshotIntervalSecs, int snapshotLogIndexMargin,
                           boolean sync, boolean leaseReads) {

    public static final RaftSettings DEFAULT = new RaftSettings(1000, 600, 0, true, false);
}
