package dev.chorus.node;

import dev.chorus.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code LOCK} file a running node holds in its data directory, so that two nodes (in two processes or in one
 * JVM) never open the same data.
 */
final class DataDirLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dataDir}, or fails at once (ConfigException) if a running node holds it. */
    static DataDirLock acquire(Path dataDir) throws ConfigException, IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another node in this JVM
        }
        if (lock == null) {
            channel.close();
            throw new ConfigException("data dir " + dataDir + " is in use by another running node");
        }
        return new DataDirLock(channel, lock);
    }

    /** Releases the lock; a failure is logged, since the node is stopping anyway. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("releasing data dir lock failed", e);
        }
    }
}
