package dev.chorus.txn.saga;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.chorus.txn.lease.LeasedRecord;
import dev.chorus.txn.lease.RecordJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The durable record of one saga run, stored as JSON under {@code saga/<id>} in Chorus (written through the
 * transaction layer, so it is replicated and survives the crash of the process running the saga). Owner, lease,
 * take-over and fenced writes are {@link dev.chorus.txn.lease.LeasedLog}'s, shared with the TCC decision record.
 *
 * @param owner       the runner currently driving the saga, with {@code leaseUntilMs}: a recovery worker takes over
 *                    only an unfinished saga whose lease expired
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SagaLog(String id, String name, SagaState state, List<StepLog> steps, Map<String, String> params,
                      String failure, String owner, long leaseUntilMs, long startedMs, long updatedMs)
        implements LeasedRecord<SagaLog> {

    public static final String KEY_PREFIX = "saga/";
    /** How listings show sagas: unfinished ones first, then newest first. */
    public static final java.util.Comparator<SagaLog> LISTING_ORDER = java.util.Comparator
            .comparing((SagaLog l) -> l.state().isFinal())
            .thenComparing(SagaLog::updatedMs, java.util.Comparator.reverseOrder());

    public enum StepState { PENDING, RUNNING, DONE, FAILED, COMPENSATING, COMPENSATED, COMPENSATION_FAILED }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StepLog(String name, StepState state, int attempts, String error) {
    }

    public SagaLog {
        steps = List.copyOf(steps);
        params = Map.copyOf(params);
    }

    public static SagaLog start(String id, SagaDefinition def, Map<String, String> params, String owner, long leaseUntilMs) {
        List<StepLog> steps = new ArrayList<>();
        def.steps().forEach(s -> steps.add(new StepLog(s.name(), StepState.PENDING, 0, null)));
        long now = System.currentTimeMillis();
        return new SagaLog(id, def.name(), SagaState.RUNNING, steps, params, null, owner, leaseUntilMs, now, now);
    }

    public static byte[] key(String id) {
        return (KEY_PREFIX + id).getBytes(StandardCharsets.UTF_8);
    }

    public SagaLog withStep(int i, StepState state, int attempts, String error) {
        List<StepLog> s = new ArrayList<>(steps);
        s.set(i, new StepLog(steps.get(i).name(), state, attempts, error));
        return new SagaLog(id, name, this.state, s, params, failure, owner, leaseUntilMs, startedMs, System.currentTimeMillis());
    }

    public SagaLog withState(SagaState newState, String why) {
        return new SagaLog(id, name, newState, steps, params, why != null ? why : failure, owner, leaseUntilMs, startedMs,
                System.currentTimeMillis());
    }

    @Override
    @JsonIgnore
    public boolean finished() {
        return state.isFinal();
    }

    @Override
    public SagaLog ownedBy(String newOwner, long until) {
        return new SagaLog(id, name, state, steps, params, failure, newOwner, until, startedMs, System.currentTimeMillis());
    }

    @Override
    public byte[] encode() {
        return RecordJson.encode(this);
    }

    public static SagaLog decode(byte[] bytes) {
        return RecordJson.decode(bytes, SagaLog.class, "saga log");
    }
}
