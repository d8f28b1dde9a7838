package dev.chorus.storage;

/**
 * Reads of one group's replicated state: the store as applied ({@link GroupStore}) or as a batch being applied sees
 * it ({@link ApplyBatch}, its own writes included).
 */
public interface StateView {
    byte[] get(Family family, byte[] key);

    /** Up to {@code limit} entries of {@code family} in {@code [start, end)} (empty end = unbounded), in key order. */
    ScanPage scan(Family family, byte[] start, byte[] end, int limit);

    /** The group's time ({@link GroupTime}) as of what this view has applied. */
    long time();

    default byte[] get(byte[] key) {
        return get(Family.DATA, key);
    }
}
