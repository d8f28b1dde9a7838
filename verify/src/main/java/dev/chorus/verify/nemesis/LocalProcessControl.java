package dev.chorus.verify.nemesis;

import dev.chorus.config.ClusterConfig;
import dev.chorus.process.LocalNodeProcesses;

import java.util.function.Consumer;

/**
 * The processes of a local cluster, through its pid files ({@link LocalNodeProcesses}, as {@code chorus node}
 * does). Clocks can be skewed when every node runs under a shiftable clock
 * ({@link dev.chorus.process.ShiftableClocks}: a cluster started with {@code --shiftable-clocks}).
 */
public final class LocalProcessControl implements ProcessControl {
    private final LocalNodeProcesses processes;

    private final ClusterConfig cluster;

    public LocalProcessControl(ClusterConfig cluster, Consumer<String> notices) {
        this.cluster = cluster;
        this.processes = new LocalNodeProcesses(cluster, notices);
    }

    @Override
    public boolean running(String node) {
        return processes.describe(node).state() == LocalNodeProcesses.State.RUNNING;
    }

    @Override
    public boolean paused(String node) {
        return processes.describe(node).state() == LocalNodeProcesses.State.PAUSED;
    }

    @Override
    public void kill(String node) throws Exception {
        processes.kill(node);
    }

    @Override
    public void start(String node) throws Exception {
        processes.start(node);
    }

    @Override
    public boolean canPause() {
        return true;
    }

    @Override
    public void pause(String node) throws Exception {
        processes.pause(node);
    }

    @Override
    public void resume(String node) throws Exception {
        processes.resume(node);
    }

    @Override
    public boolean canSkewClocks() {
        return cluster.nodes().stream().allMatch(n -> processes.clockShiftable(n.id()));
    }

    @Override
    public void skewClock(String node, long offsetMs) {
        try {
            processes.shiftClock(node, offsetMs);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
