package dev.chorus.protocol;

/** Why a request failed, and whether the client may transparently retry it. */
public enum ErrorCode {
    /** This replica is not the leader; the response names the leader if known. */
    NOT_LEADER(true),
    /** The group has no leader right now, or the node is starting or stopping. */
    UNAVAILABLE(true),
    /** Too many requests in flight; back off and retry. */
    BUSY(true),
    /** The key is locked by a transaction that is committing; retry shortly (the lock is released or resolved). */
    LOCKED(true),
    /** No answer within the deadline; for writes the outcome is unknown (a retry with the same id is safe). */
    TIMEOUT(true),
    /** This node hosts no replica of the named group. */
    UNKNOWN_GROUP(false),
    /** The key lies outside the group's range: the client's routing table is wrong. */
    KEY_OUT_OF_RANGE(false),
    /** A key, value or request exceeds the configured limits. */
    TOO_LARGE(false),
    /** The request could not be decoded or is invalid. */
    BAD_REQUEST(false),
    /** A bug or storage failure on the node. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
