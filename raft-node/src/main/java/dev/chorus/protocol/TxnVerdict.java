package dev.chorus.protocol;

/**
 * The result of a transaction command, see {@link KvCommand.TxnCommand}. Encoded by its {@link #wireTag()}, which
 * never changes for an existing constant (constants may be renamed or added, never renumbered).
 */
public enum TxnVerdict {
    /** This participant holds the transaction's locks and validated its reads. */
    PREPARED(0),
    /** A lock held by another transaction, or a read that is no longer current; {@code detail} says which. */
    CONFLICT(1),
    /** The transaction already finished here (a late or repeated prepare); nothing was changed. */
    REFUSED(2),
    /**
     * The answerer does not know a final outcome: the record is still PENDING (for a resolver's push: not yet
     * expired), or a coordinator could not learn the decision (it may have committed). Never "aborted": whoever
     * gets this must not assume that nothing took effect. Called PENDING before; same wire tag.
     */
    OUTCOME_UNKNOWN(3),
    COMMITTED(4),
    ABORTED(5);

    private final int wireTag;

    TxnVerdict(int wireTag) {
        this.wireTag = wireTag;
    }

    public int wireTag() {
        return wireTag;
    }

    /** The verdict encoded as {@code tag}; a {@link MalformedMessageException} for a tag no verdict has. */
    public static TxnVerdict ofWireTag(int tag) {
        return StableTags.find(values(), TxnVerdict::wireTag, tag, "verdict");
    }
}
