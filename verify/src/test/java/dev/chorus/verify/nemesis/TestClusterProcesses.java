package dev.chorus.verify.nemesis;

import dev.chorus.testing.TestCluster;

/**
 * The nodes of an in-JVM {@link TestCluster} as the nemesis's processes: kill stops the node object (its data
 * directory stays; the closest an in-JVM node comes to kill -9), start builds a new one on the same ports and data,
 * and clocks skew through the node's clock. No pause: SIGSTOP would stop this very JVM.
 */
public final class TestClusterProcesses implements ProcessControl {
    private final TestCluster cluster;

    public TestClusterProcesses(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public boolean running(String node) {
        return cluster.runningNodes().contains(node);
    }

    @Override
    public boolean paused(String node) {
        return false;
    }

    @Override
    public void kill(String node) {
        cluster.stopNode(node);
    }

    @Override
    public void start(String node) throws Exception {
        if (!running(node)) {
            cluster.startNode(node);
        }
    }

    @Override
    public boolean canSkewClocks() {
        return true;
    }

    @Override
    public void skewClock(String node, long offsetMs) {
        cluster.skewClock(node, offsetMs);
    }
}
