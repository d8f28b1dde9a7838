package dev.chorus.gui;

import dev.chorus.config.NodeSpec;
import dev.chorus.gui.model.NodeControl;
import dev.chorus.gui.model.ProcessStatus;
import dev.chorus.process.NodeStartException;
import dev.chorus.testing.TestCluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node control over the in-process nodes of a test cluster (kill = abrupt stop, restart = start on the same data).
 * A node whose start failed is reported stopped with the failure's message as its cause, as
 * {@code LocalProcessControl} reports what a node process's log says. No pause: SIGSTOP would stop the test JVM.
 */
final class InProcessNodeControl implements NodeControl {
    private final TestCluster cluster;
    private final Map<String, String> failedStarts = new ConcurrentHashMap<>();

    InProcessNodeControl(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Map<String, ProcessStatus> processStates() {
        Map<String, ProcessStatus> out = new LinkedHashMap<>();
        for (NodeSpec n : cluster.config().nodes()) {
            String failed = failedStarts.get(n.id());
            out.put(n.id(), cluster.runningNodes().contains(n.id()) ? ProcessStatus.of("RUNNING")
                    : failed != null ? new ProcessStatus("STOPPED", failed, true) : ProcessStatus.of("STOPPED"));
        }
        return out;
    }

    @Override
    public void kill(String node) {
        cluster.stopNode(node);
    }

    @Override
    public void restart(String node) throws Exception {
        cluster.stopNode(node);
        try {
            cluster.startNode(node);
            failedStarts.remove(node);
        } catch (Exception e) {
            failedStarts.put(node, e.getMessage());
            throw new NodeStartException(node, e.getMessage());
        }
    }

    @Override
    public void pause(String node) {
        throw new UnsupportedOperationException("pause needs a real process (SIGSTOP)");
    }

    @Override
    public void resume(String node) {
        throw new UnsupportedOperationException("resume needs a real process (SIGCONT)");
    }
}
