package dev.chorus.cli;

/** The CLI's exit codes; scripts depend on them. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Not found, compare-and-set mismatch, or a request the cluster rejected. */
    public static final int FAILED = 1;
    /** Bad arguments or a bad cluster file. */
    public static final int USAGE = 2;
    /** The cluster or a group could not be reached in time. */
    public static final int UNREACHABLE = 3;
    /** A transaction whose outcome could not be learned: it may or may not have committed. */
    public static final int OUTCOME_UNKNOWN = 4;

    private ExitCodes() {
    }
}
