package dev.chorus.txn.tcc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.chorus.txn.lease.LeasedRecord;
import dev.chorus.txn.lease.RecordJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The decision record of one TCC transaction, stored as JSON under {@code tcclog/<xid>} in Chorus and written only
 * through serializable transactions that check its owner's lease (so it is replicated, survives the crash of the
 * coordinator, and a coordinator that lost its lease cannot write it).
 *
 * <p>The branch fences live under {@code tcc/<xid>/<branch>}; the record has its own prefix so that no xid or branch
 * name can make one key mean both, and a scan of the records meets no fence.
 *
 * @param decision  null while TRYING; CONFIRM or CANCEL from the moment phase two may start, never changed after
 * @param branches  every participant (by name) in the order they are tried, with what phase two did to it
 * @param failure   why the transaction needs attention, or the last phase-two error while it is unfinished
 * @param owner     the coordinator driving it, with {@code leaseUntilMs}: recovery takes over only an unfinished
 *                  record whose lease expired
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TccLog(String xid, TccState state, Decision decision, List<BranchLog> branches, String failure,
                     String owner, long leaseUntilMs, long startedMs, long updatedMs) implements LeasedRecord<TccLog> {

    public static final String KEY_PREFIX = "tcclog/";
    /** How listings show records: unfinished ones first, then newest first. */
    public static final Comparator<TccLog> LISTING_ORDER = Comparator.comparing((TccLog l) -> l.state().isFinal())
            .thenComparing(TccLog::updatedMs, Comparator.reverseOrder());

    public enum Decision { CONFIRM, CANCEL }

    /** What is known of a branch. PENDING until phase two reached it (tries are recorded by the fence, not here). */
    public enum BranchState {
        PENDING, CONFIRMED, CANCELLED,
        /** The fence refused the decided operation (see {@link TccFence.Result#REFUSED}). */
        REFUSED,
        /** Phase two kept failing on it in this run (error in the branch); the next run retries it. */
        FAILED
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BranchLog(String name, BranchState state, String error) {
    }

    public TccLog {
        branches = List.copyOf(branches);
    }

    static TccLog start(String xid, List<String> branchNames, String owner, long leaseUntilMs) {
        List<BranchLog> b = new ArrayList<>();
        branchNames.forEach(n -> b.add(new BranchLog(n, BranchState.PENDING, null)));
        long now = System.currentTimeMillis();
        return new TccLog(xid, TccState.TRYING, null, b, null, owner, leaseUntilMs, now, now);
    }

    public static byte[] key(String xid) {
        return (KEY_PREFIX + xid).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    @JsonIgnore
    public String id() {
        return xid;
    }

    @Override
    @JsonIgnore
    public boolean finished() {
        return state.isFinal();
    }

    public List<String> branchNames() {
        return branches.stream().map(BranchLog::name).toList();
    }

    TccLog decided(Decision d) {
        return new TccLog(xid, d == Decision.CONFIRM ? TccState.CONFIRMING : TccState.CANCELLING, d, branches, failure,
                owner, leaseUntilMs, startedMs, System.currentTimeMillis());
    }

    TccLog withBranches(List<BranchLog> b, TccState newState, String why) {
        return new TccLog(xid, newState, decision, b, why, owner, leaseUntilMs, startedMs, System.currentTimeMillis());
    }

    @Override
    public TccLog ownedBy(String newOwner, long until) {
        return new TccLog(xid, state, decision, branches, failure, newOwner, until, startedMs, System.currentTimeMillis());
    }

    @Override
    public byte[] encode() {
        return RecordJson.encode(this);
    }

    public static TccLog decode(byte[] bytes) {
        return RecordJson.decode(bytes, TccLog.class, "TCC record");
    }
}
