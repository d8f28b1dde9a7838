package dev.chorus.gui.model;

import java.util.Map;

/** Owns the node processes: what the dashboard's kill / restart / pause / resume buttons act on. */
public interface NodeControl {
    /** Each node's process: its state and, for a stopped node whose last run failed, why. */
    Map<String, ProcessStatus> processStates();

    void kill(String node) throws Exception;

    /** Stops the node if it runs and starts it; a failed start throws with the cause as its message. */
    void restart(String node) throws Exception;

    /** Whether {@link #pause} can work here (SIGSTOP needs a real process). */
    default boolean canPause() {
        return false;
    }

    void pause(String node) throws Exception;

    void resume(String node) throws Exception;

    /** Whether {@link #skewClock} can work: every node runs under a shiftable clock ({@code --shiftable-clocks}). */
    default boolean canSkewClocks() {
        return false;
    }

    /** Sets the node's wall clock {@code offsetMs} from the true time (0: the true time). */
    default void skewClock(String node, long offsetMs) throws Exception {
        throw new UnsupportedOperationException("clock skew needs a cluster started with --shiftable-clocks");
    }
}
