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
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * The applied index may also move over log entries that carry no data ({@link #advanceAppliedIndex}).
 *
 * <p>Replacing the store by a snapshot never leaves a directory that will not open: the snapshot is copied to
 * {@code DIR.incoming} and fsynced, the live store renamed to {@code DIR.old}, the copy renamed into place, and the
 * parent directory fsynced after each rename. Opening a store finishes or undoes a switch a crash interrupted
 * ({@link #recoverInterruptedSwitch}).
 *
 * <p>Column families: see {@link Family}.
 *
 * <p>Threads: writes come only from the group's single state-machine thread; reads from any thread. Replacing the
 * database by a snapshot takes the write lock so that no read runs against a closed DB.
 */
public final class GroupStore implements ReplicatedStore, AutoCloseable {
    private static final byte[] APPLIED_INDEX = "applied_index".getBytes();
    private static final byte[] GROUP_TIME = "group_time".getBytes();

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
    private volatile GroupTime groupTime = GroupTime.START;
    private final StoreFailpoints failpoints;

    private GroupStore(Path dir, StorageResources resources, StoreFailpoints failpoints) {
        this.dir = dir;
        this.resources = resources;
        this.failpoints = failpoints;
    }

    public static GroupStore open(Path dir, StorageResources resources) {
        return open(dir, resources, StoreFailpoints.NONE);
    }

    public static GroupStore open(Path dir, StorageResources resources, StoreFailpoints failpoints) {
        GroupStore store = new GroupStore(dir, resources, failpoints);
        try {
            recoverInterruptedSwitch(dir);
        } catch (IOException e) {
            throw new StorageException("cannot recover state store " + dir + " after an interrupted snapshot install: "
                    + e.getMessage(), e);
        }
        store.openDb();
        return store;
    }

    private static Path incoming(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".incoming");
    }

    private static Path previous(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".old");
    }

    /**
     * Puts the store directory back in order after a crash during {@link #replaceWith}: with the live store in place,
     * leftovers of either side of the switch are deleted; with the live store moved aside but the new one not yet
     * renamed into place, the old one is moved back. Going back is always safe: the store then lags the snapshot
     * jraft recorded, and jraft loads that snapshot again at start.
     */
    static void recoverInterruptedSwitch(Path dir) throws IOException {
        Path incoming = incoming(dir);
        Path previous = previous(dir);
        if (!Files.exists(dir) && Files.exists(previous)) {
            Files.move(previous, dir, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir.getParent());
        }
        deleteRecursively(incoming);
        deleteRecursively(previous);
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
            groupTime = GroupTime.decode(db.get(meta, GROUP_TIME));
        } catch (RocksDBException | IOException e) {
            throw new StorageException("cannot open state store " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    /** The group's replicated clock as of the applied index (see {@link GroupTime}). */
    @Override
    public GroupTime groupTime() {
        return groupTime;
    }

    @Override
    public byte[] get(byte[] key) {
        return get(Family.DATA, key);
    }

    @Override
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
    @Override
    public ScanPage scan(Family family, byte[] start, byte[] end, int limit) {
        return scan(family, start, end, limit, Long.MAX_VALUE);
    }

    /**
     * Like {@link #scan(byte[], byte[], int)}, but the page also ends (truncated) before its keys and values would
     * exceed {@code maxBytes}; it always holds at least one entry, so paging on from its last key makes progress.
     */
    public ScanPage scan(byte[] start, byte[] end, int limit, long maxBytes) {
        return scan(Family.DATA, start, end, limit, maxBytes);
    }

    /** Like {@link #scan(byte[], byte[], int, long)} over any family. */
    public ScanPage scan(Family family, byte[] start, byte[] end, int limit, long maxBytes) {
        lock.readLock().lock();
        try (Slice upper = end.length == 0 ? null : new Slice(end);
             ReadOptions ro = new ReadOptions()) {
            if (upper != null) {
                ro.setIterateUpperBound(upper);
            }
            try (RocksIterator it = requireOpen().newIterator(families.get(family), ro)) {
                List<KeyValue> out = new ArrayList<>();
                long bytes = 0;
                for (it.seek(start); it.isValid(); it.next()) {
                    if (out.size() == limit) {
                        return new ScanPage(out, true);
                    }
                    KeyValue kv = new KeyValue(it.key(), it.value());
                    bytes += kv.key().length + kv.value().length;
                    if (bytes > maxBytes && !out.isEmpty()) {
                        return new ScanPage(out, true);
                    }
                    out.add(kv);
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

    /** Starts the write batch for one batch of committed log entries. Only the state-machine thread calls this. */
    @Override
    public ApplyBatch beginApply() {
        return new RocksApplyBatch(this);
    }

    void write(WriteBatchWithIndex batch, long newAppliedIndex, GroupTime newTime) {
        failpoints.beforeWrite().run();
        lock.readLock().lock();
        try {
            batch.put(meta, APPLIED_INDEX, ByteBuffer.allocate(8).putLong(newAppliedIndex).array());
            batch.put(meta, GROUP_TIME, newTime.encode());
            requireOpen().write(writeOptions, batch);
            appliedIndex = newAppliedIndex;
            groupTime = newTime;
        } catch (RocksDBException e) {
            throw new StorageException("apply failed in " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Moves the applied index forward over log entries that carry no data for this store (jraft's configuration
     * entries, which it never hands to the state machine but counts as applied). Only the state-machine thread
     * calls this, and only with an index jraft has applied, so the store still holds exactly "all entries up to
     * appliedIndex".
     */
    @Override
    public void advanceAppliedIndex(long index) {
        if (index <= appliedIndex) {
            return;
        }
        try (WriteBatchWithIndex empty = new WriteBatchWithIndex(true)) {
            write(empty, index, groupTime);
        }
    }

    byte[] getInBatch(WriteBatchWithIndex batch, ColumnFamilyHandle cf, byte[] key) {
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
    RocksIterator iteratorInBatch(WriteBatchWithIndex batch, Family family) {
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
            failpoints.afterCheckpoint().run();
        } catch (RocksDBException e) {
            throw new StorageException("checkpoint of " + dir + " failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Replaces the whole store by the checkpoint in {@code source}. SST files are hard-linked (they are immutable),
     * everything else is copied, so the snapshot itself stays intact. Crash-safe: see the class comment.
     */
    public void replaceWith(Path source) {
        Path incoming = incoming(dir);
        Path previous = previous(dir);
        lock.writeLock().lock();
        try {
            deleteRecursively(incoming);
            deleteRecursively(previous);
            Files.createDirectories(incoming);
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = incoming.resolve(f.getFileName());
                    if (!linkIfImmutable(f, to)) {
                        Files.copy(f, to);
                    }
                    fsyncFile(to);
                }
            }
            fsyncDirectory(incoming);
            closeDb();
            Files.move(dir, previous, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir.getParent());
            failpoints.midSwitch().run();
            Files.move(incoming, dir, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir.getParent());
            deleteRecursively(previous);
            openDb();
        } catch (IOException e) {
            throw new StorageException("cannot restore " + dir + " from " + source + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static boolean linkIfImmutable(Path from, Path to) {
        if (!from.getFileName().toString().endsWith(".sst")) {
            return false;
        }
        try {
            Files.createLink(to, from);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // different file system: copy instead
        }
    }

    private static void fsyncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Makes a directory's entries (creations, renames) durable; Linux allows fsync on a directory opened read-only. */
    static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
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
