package dev.chorus.txn.lease;

/**
 * A durable record in Chorus (a saga log, a TCC decision record) that one process at a time drives, holding it
 * through a lease written in the record itself. See {@link LeasedLog}.
 */
public interface LeasedRecord<R extends LeasedRecord<R>> {
    /** The record's id (its key is the log's prefix followed by it). */
    String id();

    /** Who drives it now. */
    String owner();

    /** Until when (wall clock, ms) the owner holds it; past this anyone may take it over if it is unfinished. */
    long leaseUntilMs();

    /** Finished records are never taken over or renewed. */
    boolean finished();

    /** The same record, owned by {@code owner} until {@code leaseUntilMs}. */
    R ownedBy(String owner, long leaseUntilMs);

    byte[] encode();
}
