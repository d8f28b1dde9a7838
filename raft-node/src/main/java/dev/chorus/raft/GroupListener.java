package dev.chorus.raft;

/**
 * Raft lifecycle events of one replica, as seen by its state machine. Called on jraft's state-machine thread:
 * implementations must return quickly and never block.
 */
public interface GroupListener {
    GroupListener NONE = new GroupListener() {
    };

    default void leaderStarted(String groupId, long term) {
    }

    default void leaderStopped(String groupId, String reason) {
    }

    default void followingStarted(String groupId, String leader, long term) {
    }

    default void snapshotSaved(String groupId, long index) {
    }

    default void snapshotLoaded(String groupId, long index) {
    }
}
