package dev.chorus.verify.nemesis;

import dev.chorus.config.ClusterConfig;
import dev.chorus.process.LocalNodeProcesses;

import java.util.function.Consumer;

/**
 * The processes of a local cluster, through its pid files ({@link LocalNodeProcesses}, as {@code chorus node}
 * does). No clock skew: nodes do not run under a shifted clock (e.g. faketime) today.
 */
public final class LocalProcessControl implements ProcessControl {
    private final LocalNodeProcesses processes;

    public LocalProcessControl(ClusterConfig cluster, Consumer<String> notices) {
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
}
