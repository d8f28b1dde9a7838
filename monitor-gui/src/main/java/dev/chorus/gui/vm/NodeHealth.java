package dev.chorus.gui.vm;

/** How a node card shows a node. */
public enum NodeHealth {
    /** Answers and has no network fault. */
    UP,
    /** Its process is gone. */
    DOWN,
    /** Its process is gone, and its last run ended before the node was up: the card says why. */
    FAILED_TO_START,
    /** Its process is stopped by SIGSTOP. */
    PAUSED,
    /** Its process runs (or is not ours to see) but it did not answer within the poll timeout. */
    UNREACHABLE,
    /** Answers, but every Raft link to and from it is cut. */
    ISOLATED;

    /** As shown on a badge: {@code FAILED TO START}. */
    public String label() {
        return name().replace('_', ' ');
    }
}
