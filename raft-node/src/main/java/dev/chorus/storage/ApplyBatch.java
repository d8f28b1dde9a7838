package dev.chorus.storage;

/**
 * The writes of one batch of committed Raft entries, made durable together with the new applied index and group
 * time ({@link #commit}), or not at all (closed without commit). Reads through the batch see its own earlier writes,
 * so a compare-and-set after a put in the same batch behaves exactly as if they had been applied one by one.
 * Used only by the group's state-machine thread.
 */
public interface ApplyBatch extends StateView, AutoCloseable {

    void put(Family family, byte[] key, byte[] value);

    void delete(Family family, byte[] key);

    /** Moves the group's clock over an entry the leader of {@code term} stamped {@code stampMs}; returns the new time. */
    long advanceTime(long stampMs, long term);

    /** The group time as of the entries applied so far in this batch. */
    @Override
    long time();

    /** Writes everything in the batch together with {@code appliedIndex} and the group time, atomically. */
    void commit(long appliedIndex);

    /** Discards whatever was not committed. */
    @Override
    void close();

    default void put(byte[] key, byte[] value) {
        put(Family.DATA, key, value);
    }

    default void delete(byte[] key) {
        delete(Family.DATA, key);
    }
}
