package dev.chorus.txn.coordinator;

import java.util.List;

/** The coordinator's crash failpoints (see {@code dev.chorus.faults.Failpoints}). */
public final class CoordinatorFailpoints {
    /** After the first participant answered PREPARED; the others may still be preparing. */
    public static final String AFTER_FIRST_PREPARE = "after-first-prepare";
    /** After every participant prepared, before the decision is written. */
    public static final String AFTER_ALL_PREPARED = "after-all-prepared";
    /** After the record says COMMITTED, before any other participant completes. */
    public static final String AFTER_DECISION = "after-decision";

    public static final List<String> ALL = List.of(AFTER_FIRST_PREPARE, AFTER_ALL_PREPARED, AFTER_DECISION);

    private CoordinatorFailpoints() {
    }
}
