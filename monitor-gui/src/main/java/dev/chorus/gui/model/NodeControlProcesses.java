package dev.chorus.gui.model;

import dev.chorus.verify.nemesis.ProcessControl;

/**
 * The dashboard's {@link NodeControl} as the verify nemesis's {@link ProcessControl}: a Verify run started from the
 * dashboard kills and pauses the same processes the node cards' buttons do, and skews their clocks when they run
 * under shiftable clocks.
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

    @Override
    public boolean canSkewClocks() {
        return control.canSkewClocks();
    }

    @Override
    public void skewClock(String node, long offsetMs) {
        try {
            control.skewClock(node, offsetMs);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not skew " + node + "'s clock: " + e.getMessage(), e);
        }
    }
}
