package dev.chorus.participant;

/**
 * The rule that keeps an outcome from changing once anyone was told it, on any clock.
 *
 * <p>Every transaction carries, per group, a deadline in that group's own time ({@code GroupTime}): for the
 * primary group the client fixes it (the group's time as its leader estimates it now, plus the transaction's
 * lifetime) before it hands the transaction to anyone; for the other groups the coordinator fixes it the same way
 * before it sends any prepare. A group refuses a prepare, one-phase commit, lock-read or commit decision that
 * it applies past the deadline. A final state or record (including an ABORTED tombstone) is deleted only once the
 * group's time is past the transaction's deadline, or, where the writer did not know the deadline, past the time
 * it became final plus {@link #MAX_LIFETIME_MS}: every deadline is at most that far after a group time read before
 * the tombstone could exist. Both checks run in the same group's state machine on the same monotonic clock, so
 * a command that could re-create a forgotten transaction always finds its deadline passed. Clocks only change when
 * things happen (a leader with a fast clock rate makes deadlines pass sooner), never whether the rule holds.
 */
public final class TxnDeadlines {
    /** The longest lifetime a transaction may ask for; also how long a tombstone of unknown deadline is kept. */
    public static final long MAX_LIFETIME_MS = 30_000;

    private TxnDeadlines() {
    }

    /** Whether a command with {@code deadlineMs} (0 = none) applied at group time {@code now} must be refused. */
    public static String refusal(long deadlineMs, long now) {
        if (deadlineMs <= 0) {
            return null;
        }
        if (now > deadlineMs) {
            return "deadline passed " + (now - deadlineMs) + " ms ago (group time)";
        }
        if (deadlineMs > now + MAX_LIFETIME_MS) {
            return "deadline lies more than " + MAX_LIFETIME_MS + " ms ahead of the group's time";
        }
        return null;
    }

    /** The group time until which a state or record that became final at {@code finalMs} must be kept. */
    static long retainUntil(long deadlineMs, long finalMs) {
        return deadlineMs > 0 ? Math.max(deadlineMs, finalMs) : finalMs + MAX_LIFETIME_MS;
    }
}
