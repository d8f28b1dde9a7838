package dev.chorus.gui.model;

import dev.chorus.config.ClusterConfig;
import dev.chorus.process.ExitCause;
import dev.chorus.process.LocalNodeProcesses;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real OS processes of a local cluster (pid files in its directory), as {@code chorus node ...} uses them: the same
 * checks of pid files, and the same causes read from the nodes' logs. Stale pid files are reported on stderr (the
 * terminal start-gui.sh runs in), once each, as they are removed.
 */
public final class LocalProcessControl implements NodeControl {
    private final LocalNodeProcesses processes;

    public LocalProcessControl(ClusterConfig cluster) {
        this.processes = new LocalNodeProcesses(cluster, notice -> System.err.println("chorus-gui: " + notice));
    }

    @Override
    public Map<String, ProcessStatus> processStates() {
        Map<String, ProcessStatus> out = new LinkedHashMap<>();
        for (LocalNodeProcesses.NodeProcess p : processes.list()) {
            ExitCause exit = p.exit();
            out.put(p.node(), new ProcessStatus(p.state().name(), exit == null ? null : exit.message(),
                    exit != null && exit.duringStartUp()));
        }
        return out;
    }

    @Override
    public void kill(String node) throws Exception {
        processes.kill(node);
    }

    @Override
    public void restart(String node) throws Exception {
        processes.restart(node);
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
        return processes.list().stream().allMatch(p -> processes.clockShiftable(p.node()));
    }

    @Override
    public void skewClock(String node, long offsetMs) throws Exception {
        processes.shiftClock(node, offsetMs);
    }
}
