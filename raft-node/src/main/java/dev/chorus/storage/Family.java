package dev.chorus.storage;

import java.nio.charset.StandardCharsets;

/** The column families of a {@link GroupStore}; all are replicated state, covered by the applied index. */
public enum Family {
    /** User keys and their committed values. */
    DATA("default"),
    /** The applied index. */
    META("meta"),
    /** Results of recent client writes by request id (exactly-once writes). */
    DEDUP("dedup"),
    /** Transaction locks and intents, by user key: at most one lock per key. */
    LOCK("lock"),
    /** Locks on key ranges a transaction scanned, by transaction id and number. */
    RANGE_LOCK("rangelock"),
    /** Transaction records (in the primary group) and participant states, by transaction id. */
    TXN("txn"),
    /**
     * The versioned keyspace (etcd's data model, {@code dev.chorus.versioned}): by user key, its metadata and value
     * ({@code Envelope}). Separate from {@link #DATA}: keys of one are not keys of the other.
     */
    VERSIONED("versioned");

    private final byte[] rocksName;

    Family(String rocksName) {
        this.rocksName = rocksName.getBytes(StandardCharsets.UTF_8);
    }

    byte[] rocksName() {
        return rocksName;
    }
}
