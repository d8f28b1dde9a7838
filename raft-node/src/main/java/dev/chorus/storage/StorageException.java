package dev.chorus.storage;

/** RocksDB or file-system failure in a group store. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
