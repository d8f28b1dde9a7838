package dev.chorus.storage;

import dev.chorus.protocol.KvResponse.KeyValue;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The state of one Raft group's replica: its key-value data in its own RocksDB.
 *
 * <p>Invariant: the applied index is written in the same write batch as the data it covers
 * ({@link ApplyBatch#commit}), so after any crash the store is exactly "all entries up to appliedIndex". The WAL is
 * written but not fsynced: the Raft log is, and whatever the store loses on a machine crash is re-applied from it.
 *
 * <p>Column families: see {@link Family}.
 *
 * <p>Threads: writes come only from the group's single state-machine thread; reads from any thread. Replacing the
 * database by a snapshot takes the write lock so that no read runs against a closed DB.
 */
public final class GroupStore implements AutoCloseable {
    private static final byte[] APPLIED_INDEX = "applied_index".getBytes();

    private final Path dir;
    private final StorageResources resources;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final WriteOptions writeOptions = new WriteOptions().setSync(false);

    private DBOptions dbOptions;
    private ColumnFamilyOptions cfOptions;
    private RocksDB db;
    private final java.util.EnumMap<Family, ColumnFamilyHandle> families = new java.util.EnumMap<>(Family.class);
    private ColumnFamilyHandle data;
    private ColumnFamilyHandle meta;
    private volatile long appliedIndex;

    private GroupStore(Path dir, StorageResources resources) {
        this.dir = dir;
        this.resources = resources;
    }

    public static GroupStore open(Path dir, StorageResources resources) {
        GroupStore store = new GroupStore(dir, resources);
        store.openDb();
        return store;
    }

    private void openDb() {
        try {
            Files.createDirectories(dir);
            dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    .setWriteBufferManager(resources.writeBuffers()).setMaxBackgroundJobs(2)
                    .setKeepLogFileNum(2);
            // Bloom filters make the frequent misses cheap: every write looks up its request id in the dedup
            // family and almost never finds it. Memtables stay small (arena blocks are 1/8 of them) so that the
            // node-wide write-buffer budget is not spent on empty memtables, which would force constant flushes.
            cfOptions = new ColumnFamilyOptions()
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(resources.blockCache())
                            .setFilterPolicy(new BloomFilter(10)))
                    .setWriteBufferSize(8L << 20);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (Family f : Family.values()) {
                descriptors.add(new ColumnFamilyDescriptor(f.rocksName(), cfOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            for (Family f : Family.values()) {
                families.put(f, handles.get(f.ordinal()));
            }
            data = families.get(Family.DATA);
            meta = families.get(Family.META);
            byte[] applied = db.get(meta, APPLIED_INDEX);
            appliedIndex = applied == null ? 0 : ByteBuffer.wrap(applied).getLong();
        } catch (RocksDBException | IOException e) {
            throw new StorageException("cannot open state store " + dir + ": " + e.getMessage(), e);
        }
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public byte[] get(byte[] key) {
        return get(Family.DATA, key);
    }

    public byte[] get(Family family, byte[] key) {
        lock.readLock().lock();
        try {
            return requireOpen().get(families.get(family), key);
        } catch (RocksDBException e) {
            throw new StorageException("read failed in " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Up to {@code limit} entries in {@code [start, end)} (empty end = unbounded), plus whether more remain. */
    public ScanPage scan(byte[] start, byte[] end, int limit) {
        return scan(Family.DATA, start, end, limit);
    }

    /** Like {@link #scan(byte[], byte[], int)} over any family. */
    public ScanPage scan(Family family, byte[] start, byte[] end, int limit) {
        lock.readLock().lock();
        try (Slice upper = end.length == 0 ? null : new Slice(end);
             ReadOptions ro = new ReadOptions()) {
            if (upper != null) {
                ro.setIterateUpperBound(upper);
            }
            try (RocksIterator it = requireOpen().newIterator(families.get(family), ro)) {
                List<KeyValue> out = new ArrayList<>();
                for (it.seek(start); it.isValid(); it.next()) {
                    if (out.size() == limit) {
                        return new ScanPage(out, true);
                    }
                    out.add(new KeyValue(it.key(), it.value()));
                }
                it.status();
                return new ScanPage(out, false);
            }
        } catch (RocksDBException e) {
            throw new StorageException("scan failed in " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One page of a scan. */
    public record ScanPage(List<KeyValue> entries, boolean truncated) {
    }

    /** Starts the write batch for one batch of committed log entries. Only the state-machine thread calls this. */
    public ApplyBatch beginApply() {
        return new ApplyBatch(this);
    }

    void write(org.rocksdb.WriteBatchWithIndex batch, long newAppliedIndex) {
        lock.readLock().lock();
        try {
            batch.put(meta, APPLIED_INDEX, ByteBuffer.allocate(8).putLong(newAppliedIndex).array());
            requireOpen().write(writeOptions, batch);
            appliedIndex = newAppliedIndex;
        } catch (RocksDBException e) {
            throw new StorageException("apply failed in " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    byte[] getInBatch(org.rocksdb.WriteBatchWithIndex batch, ColumnFamilyHandle cf, byte[] key) {
        try (ReadOptions ro = new ReadOptions()) {
            return batch.getFromBatchAndDB(requireOpen(), cf, ro, key);
        } catch (RocksDBException e) {
            throw new StorageException("read failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    ColumnFamilyHandle handle(Family family) {
        return families.get(family);
    }

    /** Iterates {@code family} as the batch sees it: the database with the batch's own writes on top. */
    RocksIterator iteratorInBatch(org.rocksdb.WriteBatchWithIndex batch, Family family) {
        ColumnFamilyHandle cf = families.get(family);
        return batch.newIteratorWithBase(cf, requireOpen().newIterator(cf));
    }

    /**
     * Writes a consistent copy of the store into {@code target} (which must not exist) as a RocksDB checkpoint:
     * hard links to the immutable SST files, taking milliseconds whatever the data size.
     */
    public void checkpoint(Path target) {
        lock.readLock().lock();
        try (Checkpoint cp = Checkpoint.create(requireOpen())) {
            cp.createCheckpoint(target.toString());
        } catch (RocksDBException e) {
            throw new StorageException("checkpoint of " + dir + " failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Replaces the whole store by the checkpoint in {@code source}. SST files are hard-linked (they are immutable),
     * everything else is copied, so the snapshot itself stays intact.
     */
    public void replaceWith(Path source) {
        lock.writeLock().lock();
        try {
            closeDb();
            deleteRecursively(dir);
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = dir.resolve(f.getFileName());
                    if (f.getFileName().toString().endsWith(".sst")) {
                        try {
                            Files.createLink(to, f);
                            continue;
                        } catch (IOException | UnsupportedOperationException e) {
                            // different file system: fall through to a copy
                        }
                    }
                    Files.copy(f, to);
                }
            }
            openDb();
        } catch (IOException e) {
            throw new StorageException("cannot restore " + dir + " from " + source + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Approximate size of the live data in bytes, for status. */
    public long approximateSizeBytes() {
        lock.readLock().lock();
        try {
            RocksDB d = db;
            return d == null ? 0 : d.getLongProperty(data, "rocksdb.total-sst-files-size")
                    + d.getLongProperty(data, "rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException e) {
            return -1;
        } finally {
            lock.readLock().unlock();
        }
    }

    private RocksDB requireOpen() {
        RocksDB d = db;
        if (d == null) {
            throw new StorageException("state store " + dir + " is closed", null);
        }
        return d;
    }

    private void closeDb() {
        if (db == null) {
            return;
        }
        for (ColumnFamilyHandle h : families.values()) {
            h.close();
        }
        families.clear();
        db.close();
        dbOptions.close();
        cfOptions.close();
        db = null;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closeDb();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
