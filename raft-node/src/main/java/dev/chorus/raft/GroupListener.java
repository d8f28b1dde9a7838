package dev.chorus.raft;

/**
 * Raft lifecycle events of one replica, as seen by its state machine. Called on jraft's state-machine thread:
 * implementations must return quickly, never block, and never call into the jraft {@code Node} (most of its methods
 * take the node's lock, which jraft may hold while it waits for this thread).
 */
public interface GroupListener {
    GroupListener NONE = new GroupListener() {
    };

    default void leaderStarted(String groupId, long term) {
    }

    default void leaderStopped(String groupId, String reason) {
    }

    /** {@code leader} is the leader's peer id ({@code ip:port}), or null. */
    default void followingStarted(String groupId, String leader, long term) {
    }

    /** A batch of {@code entries} committed entries was applied in {@code nanos}. */
    default void applied(String groupId, int entries, long nanos) {
    }

    default void snapshotSaved(String groupId, long index) {
    }

    default void snapshotLoaded(String groupId, long index) {
    }

    /** What a transaction command did in a group: this group's part of it, or the transaction's record. */
    enum TxnStep {
        /** This group locked the transaction's keys and stored its intents. */
        PREPARED,
        /** The transaction's record (in this, its primary group) was decided. */
        COMMITTED, ABORTED,
        /** This group applied (or dropped) its intents and released the locks. */
        COMPLETED_COMMIT, COMPLETED_ABORT
    }

    /**
     * A transaction command took effect here; {@code leader} tells whether this replica led the group when it
     * applied it.
     */
    default void txnApplied(String groupId, boolean leader, String txnId, TxnStep step) {
    }

    /** The group committed a new configuration; peers and learners as {@code ip:port}. */
    default void configurationCommitted(String groupId, boolean leader, java.util.List<String> peers,
                                        java.util.List<String> learners) {
    }
}
