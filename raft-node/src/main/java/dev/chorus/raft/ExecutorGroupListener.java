package dev.chorus.raft;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Hands every callback of a {@link GroupListener} to an executor, in the order jraft made them when the executor runs
 * one task at a time. jraft calls listeners on its state-machine thread, which applies every group's entries: what a
 * listener does there (logging, recording events, a failpoint that crashes or stops the node) holds up every
 * apply behind it, and a listener that ends up waiting for the node's lock would deadlock with jraft. On another
 * thread, the listener may do what it needs.
 */
public final class ExecutorGroupListener implements GroupListener {
    private final GroupListener target;
    private final Executor executor;

    public ExecutorGroupListener(GroupListener target, Executor executor) {
        this.target = target;
        this.executor = executor;
    }

    @Override
    public void leaderStarted(String groupId, long term) {
        executor.execute(() -> target.leaderStarted(groupId, term));
    }

    @Override
    public void leaderStopped(String groupId, String reason) {
        executor.execute(() -> target.leaderStopped(groupId, reason));
    }

    @Override
    public void followingStarted(String groupId, String leader, long term) {
        executor.execute(() -> target.followingStarted(groupId, leader, term));
    }

    @Override
    public void applied(String groupId, int entries, long nanos) {
        executor.execute(() -> target.applied(groupId, entries, nanos));
    }

    @Override
    public void snapshotSaved(String groupId, long index) {
        executor.execute(() -> target.snapshotSaved(groupId, index));
    }

    @Override
    public void snapshotLoaded(String groupId, long index) {
        executor.execute(() -> target.snapshotLoaded(groupId, index));
    }

    @Override
    public void txnApplied(String groupId, boolean leader, String txnId, TxnStep step) {
        executor.execute(() -> target.txnApplied(groupId, leader, txnId, step));
    }

    @Override
    public void configurationCommitted(String groupId, boolean leader, List<String> peers, List<String> learners) {
        executor.execute(() -> target.configurationCommitted(groupId, leader, peers, learners));
    }
}
