package dev.chorus.gui.model;

import dev.chorus.config.ClusterConfig;
import dev.chorus.process.LocalNodeProcesses;

import java.util.LinkedHashMap;
import java.util.Map;

/** Real OS processes of a local cluster (pid files in its directory), as {@code chorus node ...} uses them. */
public final class LocalProcessControl implements NodeControl {
    private final LocalNodeProcesses processes;

    public LocalProcessControl(ClusterConfig cluster) {
        // Stale pid files are reported on stderr (the terminal start-gui.sh runs in), once each, as they are removed.
        this.processes = new LocalNodeProcesses(cluster, notice -> System.err.println("chorus-gui: " + notice));
    }

    @Override
    public Map<String, String> processStates() {
        Map<String, String> out = new LinkedHashMap<>();
        for (LocalNodeProcesses.NodeProcess p : processes.list()) {
            out.put(p.node(), p.state().name());
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
    public void pause(String node) throws Exception {
        processes.pause(node);
    }

    @Override
    public void resume(String node) throws Exception {
        processes.resume(node);
    }
}
