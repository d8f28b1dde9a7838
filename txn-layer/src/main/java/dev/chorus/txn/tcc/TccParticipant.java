package dev.chorus.txn.tcc;

import dev.chorus.txn.client.Transaction;

/**
 * One branch of a TCC transaction. Each operation gets the Chorus transaction in which the fence record is written,
 * so an effect kept in Chorus commits atomically with the fence; an effect outside Chorus must be idempotent on
 * {@code xid} itself (the fence still prevents repeated, empty and hanging calls).
 */
public interface TccParticipant {
    String name();

    /** Reserve (e.g. freeze an amount). Throw to refuse; the coordinator then cancels every branch. */
    void doTry(Transaction txn, String xid) throws Exception;

    /** Make the reservation final. Called at most once per xid (the fence filters repeats). */
    void doConfirm(Transaction txn, String xid);

    /** Release the reservation. Called at most once per xid, and only if the try took effect. */
    void doCancel(Transaction txn, String xid);
}
