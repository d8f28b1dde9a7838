package dev.chorus.storage;

import dev.chorus.protocol.KvResponse.KeyValue;
import dev.chorus.routing.Keys;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.WriteBatchWithIndex;

/**
 * The writes of one batch of committed Raft entries, made durable together with the new applied index.
 * Reads through the batch see its own earlier writes, so a compare-and-set after a put in the same batch
 * behaves exactly as if they had been applied one by one.
 */
public final class ApplyBatch implements StateView, AutoCloseable {
    private final GroupStore store;
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    private GroupTime time;

    ApplyBatch(GroupStore store) {
        this.store = store;
        this.time = store.groupTime();
    }

    /** Moves the group's clock over an entry the leader of {@code term} stamped {@code stampMs}; returns the new time. */
    public long advanceTime(long stampMs, long term) {
        time = time.advance(stampMs, term);
        return time.timeMs();
    }

    /** The group time as of the entries applied so far in this batch. */
    @Override
    public long time() {
        return time.timeMs();
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

    @Override
    public byte[] get(byte[] key) {
        return get(Family.DATA, key);
    }

    public void put(byte[] key, byte[] value) {
        put(Family.DATA, key, value);
    }

    public void delete(byte[] key) {
        delete(Family.DATA, key);
    }

    /** Reads {@code key} of {@code family}, seeing this batch's earlier writes. */
    @Override
    public byte[] get(Family family, byte[] key) {
        return store.getInBatch(batch, store.handle(family), key);
    }

    public void put(Family family, byte[] key, byte[] value) {
        write("put", () -> batch.put(store.handle(family), key, value));
    }

    public void delete(Family family, byte[] key) {
        write("delete", () -> batch.delete(store.handle(family), key));
    }

    /**
     * Up to {@code limit} entries of {@code family} in {@code [start, end)} (empty end = unbounded) as this batch
     * sees them, plus whether more remain.
     */
    @Override
    public GroupStore.ScanPage scan(Family family, byte[] start, byte[] end, int limit) {
        List<KeyValue> out = new ArrayList<>();
        try (RocksIterator it = store.iteratorInBatch(batch, family)) {
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (end.length > 0 && Keys.compare(key, end) >= 0) {
                    break;
                }
                if (out.size() == limit) {
                    return new GroupStore.ScanPage(out, true);
                }
                out.add(new KeyValue(key, it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("batch scan failed: " + e.getMessage(), e);
        }
        return new GroupStore.ScanPage(out, false);
    }

    /** Writes everything in the batch together with {@code appliedIndex} and the group time, atomically. */
    public void commit(long appliedIndex) {
        store.write(batch, appliedIndex, time);
    }

    @Override
    public void close() {
        batch.close();
    }
}
