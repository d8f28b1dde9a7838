package dev.chorus.protocol;

/** The result of a transaction command, see {@link KvCommand.TxnCommand}. */
public enum TxnVerdict {
    /** This participant holds the transaction's locks and validated its reads. */
    PREPARED,
    /** A lock held by another transaction, or a read that is no longer current; {@code detail} says which. */
    CONFLICT,
    /** The transaction already finished here (a late or repeated prepare); nothing was changed. */
    REFUSED,
    /** The transaction record is PENDING (and, for a resolver's push, not yet expired). */
    PENDING,
    COMMITTED,
    ABORTED
}
