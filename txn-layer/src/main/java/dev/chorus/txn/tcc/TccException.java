package dev.chorus.txn.tcc;

/**
 * A TCC transaction did not end CONFIRMED or CANCELLED in this run: phase two was refused on some branch (the record
 * is NEEDS_ATTENTION), or kept failing (the record stays CONFIRMING or CANCELLING and recovery finishes it).
 * {@link #log()} is the record as this run last wrote it.
 */
public final class TccException extends RuntimeException {
    private final transient TccLog log;

    public TccException(String message, TccLog log) {
        super(message);
        this.log = log;
    }

    public TccLog log() {
        return log;
    }
}
