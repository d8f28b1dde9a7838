package dev.chorus.txn.coordinator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a coordinator is in a transaction it drives, as {@code GET /txns}, {@code chorus txns} and the dashboard show
 * it. Shown by its {@link #externalName()}, which never changes for an existing constant (constants may be renamed,
 * the text they show may not: scripts read it).
 */
public enum CoordinatorPhase {
    /** Prepares sent, not all answered. */
    PREPARING("PREPARING"),
    /** Every group prepared; the decision is not sent yet. */
    PREPARED("PREPARED"),
    /** COMMIT sent to the record, not confirmed yet. */
    COMMITTING("COMMITTING"),
    /** ABORT sent to the record, not confirmed yet. */
    ABORTING("ABORTING"),
    /** The decision was sent but not confirmed: the record knows, resolvers finish it. */
    OUTCOME_UNKNOWN("UNKNOWN"),
    COMMITTED("COMMITTED"),
    ABORTED("ABORTED");

    private final String externalName;

    CoordinatorPhase(String externalName) {
        this.externalName = externalName;
    }

    @JsonValue
    public String externalName() {
        return externalName;
    }

    /** The phase shown as {@code name}, or null for a name this version does not know (a newer node's). */
    @JsonCreator
    public static CoordinatorPhase ofExternalName(String name) {
        for (CoordinatorPhase p : values()) {
            if (p.externalName.equals(name)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return externalName;
    }
}
