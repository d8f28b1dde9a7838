package dev.chorus.storage;

import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * RocksDB memory shared by all group stores of one node: one block cache and one write-buffer budget,
 * so that adding groups does not multiply the node's memory.
 */
public final class StorageResources implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final LRUCache blockCache;
    private final WriteBufferManager writeBuffers;

    public StorageResources(long blockCacheBytes, long writeBufferBytes) {
        this.blockCache = new LRUCache(blockCacheBytes);
        this.writeBuffers = new WriteBufferManager(writeBufferBytes, blockCache);
    }

    public static StorageResources defaults() {
        return new StorageResources(64L << 20, 128L << 20);
    }

    LRUCache blockCache() {
        return blockCache;
    }

    WriteBufferManager writeBuffers() {
        return writeBuffers;
    }

    @Override
    public void close() {
        writeBuffers.close();
        blockCache.close();
    }
}
