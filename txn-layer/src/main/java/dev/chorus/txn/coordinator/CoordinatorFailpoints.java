package dev.chorus.txn.coordinator;

import java.util.List;

/** The coordinator's failpoints (see {@code dev.chorus.faults.Failpoints}): crashes, and one pause. */
public final class CoordinatorFailpoints {
    /** After the first participant answered PREPARED; the others may still be preparing. */
    public static final String AFTER_FIRST_PREPARE = "after-first-prepare";
    /** After every participant prepared, before the decision is written. */
    public static final String AFTER_ALL_PREPARED = "after-all-prepared";
    /** After the record says COMMITTED, before any other participant completes. */
    public static final String AFTER_DECISION = "after-decision";

    /**
     * The node pauses its own process (SIGSTOP) when its coordinator starts a two-phase commit, before it fixes
     * the participants' deadlines or sends anything: a coordinator that accepted a commit and then stalls.
     */
    public static final String PAUSE_BEFORE_PREPARE = "pause-before-prepare";

    public static final List<String> ALL = List.of(AFTER_FIRST_PREPARE, AFTER_ALL_PREPARED, AFTER_DECISION,
            PAUSE_BEFORE_PREPARE);

    private CoordinatorFailpoints() {
    }
}
