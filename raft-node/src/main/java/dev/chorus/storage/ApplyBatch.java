package dev.chorus.storage;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;

/**
 * The writes of one batch of committed Raft entries, made durable together with the new applied index.
 * Reads through the batch see its own earlier writes, so a compare-and-set after a put in the same batch
 * behaves exactly as if they had been applied one by one.
 */
public final class ApplyBatch implements AutoCloseable {
    private final GroupStore store;
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);

    ApplyBatch(GroupStore store) {
        this.store = store;
    }

    @FunctionalInterface
    private interface BatchWrite {
        void run() throws RocksDBException;
    }

    private static void write(String what, BatchWrite w) {
        try {
            w.run();
        } catch (RocksDBException e) {
            throw new StorageException("batch " + what + " failed: " + e.getMessage(), e);
        }
    }

    public byte[] get(byte[] key) {
        return store.getInBatch(batch, store.dataFamily(), key);
    }

    public void put(byte[] key, byte[] value) {
        write("put", () -> batch.put(store.dataFamily(), key, value));
    }

    public void delete(byte[] key) {
        write("delete", () -> batch.delete(store.dataFamily(), key));
    }

    /** Reads a key of the request-deduplication family (see {@code WriteDeduplicator}), seeing this batch's writes. */
    public byte[] getDedup(byte[] key) {
        return store.getInBatch(batch, store.dedupFamily(), key);
    }

    public void putDedup(byte[] key, byte[] value) {
        write("put", () -> batch.put(store.dedupFamily(), key, value));
    }

    public void deleteDedup(byte[] key) {
        write("delete", () -> batch.delete(store.dedupFamily(), key));
    }

    /** Writes everything in the batch together with {@code appliedIndex}, atomically. */
    public void commit(long appliedIndex) {
        store.write(batch, appliedIndex);
    }

    @Override
    public void close() {
        batch.close();
    }
}
