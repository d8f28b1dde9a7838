package dev.chorus.participant;

/** The state of a transaction record, or of one participant's part of a transaction. */
public enum TxnState {
    /** Record: undecided. Participant: locks held, reads validated, intents stored. */
    PENDING,
    COMMITTED,
    ABORTED
}
