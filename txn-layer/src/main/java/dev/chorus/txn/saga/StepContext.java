package dev.chorus.txn.saga;

import dev.chorus.txn.client.TxnClient;

import java.util.Map;

/**
 * What a step sees: the saga's id and parameters, the idempotency key of this step (the same on every run of it),
 * which attempt this is, and a transaction client for effects in Chorus.
 */
public record StepContext(String sagaId, String step, boolean compensating, int attempt, Map<String, String> params,
                          TxnClient txns) {

    /** Unique per saga, step and direction; stable across retries and recovery. */
    public String idempotencyKey() {
        return compensating ? sagaId + "/" + step + "/compensate" : actionKey();
    }

    /**
     * The idempotency key of this step's action, also while compensating: a compensation can check whether the
     * action took effect (the action may have been cut short by a crash, or never have run).
     */
    public String actionKey() {
        return sagaId + "/" + step + "/action";
    }
}
