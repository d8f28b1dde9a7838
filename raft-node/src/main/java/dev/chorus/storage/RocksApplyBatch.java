package dev.chorus.storage;

import dev.chorus.protocol.KvResponse.KeyValue;
import dev.chorus.routing.Keys;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.WriteBatchWithIndex;

/**
 * A {@link GroupStore}'s batch: a RocksDB {@code WriteBatchWithIndex}, read through together with the database, and
 * written with the applied index and group time in one RocksDB write.
 */
final class RocksApplyBatch implements ApplyBatch {
    private final GroupStore store;
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    private GroupTime time;

    RocksApplyBatch(GroupStore store) {
        this.store = store;
        this.time = store.groupTime();
    }

    @Override
    public long advanceTime(long stampMs, long term) {
        time = time.advance(stampMs, term);
        return time.timeMs();
    }

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
    public byte[] get(Family family, byte[] key) {
        return store.getInBatch(batch, store.handle(family), key);
    }

    @Override
    public void put(Family family, byte[] key, byte[] value) {
        write("put", () -> batch.put(store.handle(family), key, value));
    }

    @Override
    public void delete(Family family, byte[] key) {
        write("delete", () -> batch.delete(store.handle(family), key));
    }

    @Override
    public ScanPage scan(Family family, byte[] start, byte[] end, int limit) {
        List<KeyValue> out = new ArrayList<>();
        try (RocksIterator it = store.iteratorInBatch(batch, family)) {
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (end.length > 0 && Keys.compare(key, end) >= 0) {
                    break;
                }
                if (out.size() == limit) {
                    return new ScanPage(out, true);
                }
                out.add(new KeyValue(key, it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("batch scan failed: " + e.getMessage(), e);
        }
        return new ScanPage(out, false);
    }

    @Override
    public void commit(long appliedIndex) {
        store.write(batch, appliedIndex, time);
    }

    @Override
    public void close() {
        batch.close();
    }
}
