package dev.chorus.storage;

/**
 * One replica's replicated state as the state machine and the participant see it: column families of sorted keys
 * ({@link Family}), the applied index and the group's clock, changed only through batches.
 *
 * <p>Invariant of every implementation: a batch's writes, its applied index and its group time become visible
 * together ({@link ApplyBatch#commit}), so the state is always exactly "all entries up to {@link #appliedIndex}".
 * {@link GroupStore} keeps it in RocksDB; {@link MemoryStore} in memory, for tests without jraft or disk.
 */
public interface ReplicatedStore extends StateView {

    long appliedIndex();

    /** The group's replicated clock as of the applied index (see {@link GroupTime}). */
    GroupTime groupTime();

    @Override
    default long time() {
        return groupTime().timeMs();
    }

    /** Starts the batch for one batch of committed log entries. Only the state-machine thread calls this. */
    ApplyBatch beginApply();

    /**
     * Moves the applied index forward over log entries that carry no data (jraft's configuration entries); never
     * backwards.
     */
    void advanceAppliedIndex(long index);
}
