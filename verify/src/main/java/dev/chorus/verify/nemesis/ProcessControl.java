package dev.chorus.verify.nemesis;

/**
 * Starting and stopping node processes, as the nemesis needs it: real processes of a local cluster
 * ({@link LocalProcessControl}), or node objects in one JVM (tests). What cannot be done says so, and the
 * faults needing it are left out of the schedule.
 */
public interface ProcessControl {

    /** True when the node runs and is not paused. */
    boolean running(String node);

    boolean paused(String node);

    /** Stops the node at once, without any shutdown (kill -9 for a process). */
    void kill(String node) throws Exception;

    /** Starts a stopped node and waits until it answers. */
    void start(String node) throws Exception;

    default boolean canPause() {
        return false;
    }

    /** SIGSTOP: the node stops dead, connections stay open. */
    default void pause(String node) throws Exception {
        throw new UnsupportedOperationException("pausing nodes is not supported here");
    }

    default void resume(String node) throws Exception {
        throw new UnsupportedOperationException("pausing nodes is not supported here");
    }

    default boolean canSkewClocks() {
        return false;
    }

    /** Shifts the node's wall clock by {@code offsetMs} (0: back to the true time). */
    default void skewClock(String node, long offsetMs) {
        throw new UnsupportedOperationException("clock skew is not supported here");
    }
}
