package dev.chorus.participant;

import dev.chorus.protocol.StableTags;
import dev.chorus.protocol.TxnVerdict;

/**
 * The state of a transaction record, or of one participant's part of a transaction. Stored (in records, states and
 * so in snapshots) by its {@link #storedTag()}, which never changes for an existing constant.
 */
public enum TxnState {
    /** Record: undecided. Participant: locks held, reads validated, intents stored. */
    PENDING(0),
    COMMITTED(1),
    ABORTED(2);

    private final byte storedTag;

    TxnState(int storedTag) {
        this.storedTag = (byte) storedTag;
    }

    public byte storedTag() {
        return storedTag;
    }

    /** What a transaction command answers about a transaction in this state. */
    public TxnVerdict verdict() {
        return switch (this) {
            case PENDING -> TxnVerdict.OUTCOME_UNKNOWN;
            case COMMITTED -> TxnVerdict.COMMITTED;
            case ABORTED -> TxnVerdict.ABORTED;
        };
    }

    public static TxnState ofStoredTag(byte tag) {
        return StableTags.find(values(), TxnState::storedTag, tag, "transaction state");
    }
}
