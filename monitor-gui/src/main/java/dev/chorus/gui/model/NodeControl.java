package dev.chorus.gui.model;

import java.util.Map;

/** Owns the node processes: what the dashboard's kill / restart / pause / resume buttons act on. */
public interface NodeControl {
    /** Each node's process state: RUNNING, PAUSED or STOPPED (UNKNOWN when this control cannot tell). */
    Map<String, String> processStates();

    void kill(String node) throws Exception;

    void restart(String node) throws Exception;

    void pause(String node) throws Exception;

    void resume(String node) throws Exception;
}
