package dev.chorus.gui.model;

import dev.chorus.verify.nemesis.ProcessControl;

/**
 * The dashboard's {@link NodeControl} as the verify nemesis's {@link ProcessControl}: a Verify run started from the
 * dashboard kills and pauses the same processes the node cards' buttons do. No clock skew: nodes started by the
 * dashboard's control do not run under a shifted clock.
 */
public final class NodeControlProcesses implements ProcessControl {
    private final NodeControl control;

    public NodeControlProcesses(NodeControl control) {
        this.control = control;
    }

    private String state(String node) {
        return control.processStates().getOrDefault(node, ProcessStatus.UNKNOWN).state();
    }

    @Override
    public boolean running(String node) {
        return state(node).equals("RUNNING");
    }

    @Override
    public boolean paused(String node) {
        return state(node).equals("PAUSED");
    }

    @Override
    public void kill(String node) throws Exception {
        control.kill(node);
    }

    @Override
    public void start(String node) throws Exception {
        if (!running(node)) {
            control.restart(node);
        }
    }

    @Override
    public boolean canPause() {
        return control.canPause();
    }

    @Override
    public void pause(String node) throws Exception {
        control.pause(node);
    }

    @Override
    public void resume(String node) throws Exception {
        control.resume(node);
    }
}
