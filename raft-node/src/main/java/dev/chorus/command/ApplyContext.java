package dev.chorus.command;

import dev.chorus.participant.TxnObserver;
import dev.chorus.participant.TxnTable;
import dev.chorus.storage.ApplyBatch;

/** What a command applies against: the batch of the entries being applied, and who is told what happened. */
public record ApplyContext(ApplyBatch batch, TxnObserver observer) {

    /** The participant's records, states and locks in this batch. */
    public TxnTable txns() {
        return new TxnTable(batch);
    }
}
