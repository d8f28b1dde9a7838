package dev.chorus.command;

import dev.chorus.config.Limits;
import dev.chorus.participant.TxnLimits;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.routing.KeyRange;
import dev.chorus.routing.Keys;

import java.util.List;
import java.util.function.Predicate;

/**
 * The checks a leader runs on a request before it reaches Raft, for one group: keys inside the group's range and
 * within the size limits, transaction ids and group names that can be resolved later. Each method answers why the
 * request is refused, or null.
 *
 * @param groupId     the group the request is addressed to
 * @param groupExists whether a group id names a group of the cluster: a lock naming a group that does not exist
 *                    could never be resolved and would stay locked for good
 */
public record CommandValidation(String groupId, KeyRange range, Limits limits, Predicate<String> groupExists) {

    public KvResponse.Failure key(byte[] key) {
        if (key.length == 0) {
            return failure(ErrorCode.BAD_REQUEST, "empty key");
        }
        if (key.length > limits.maxKeyBytes()) {
            return failure(ErrorCode.TOO_LARGE, "key of " + key.length + " bytes exceeds the limit of " + limits.maxKeyBytes());
        }
        if (!range.contains(key)) {
            return failure(ErrorCode.KEY_OUT_OF_RANGE, "key " + Keys.printable(key) + " is outside group range " + range);
        }
        return null;
    }

    public KvResponse.Failure value(byte[] value) {
        if (value.length > limits.maxValueBytes()) {
            return failure(ErrorCode.TOO_LARGE, "value of " + value.length + " bytes exceeds the limit of "
                    + limits.maxValueBytes());
        }
        return null;
    }

    /** Every mutation of a batch or transaction, each as if sent alone. */
    public KvResponse.Failure mutations(List<KvCommand.Mutation> mutations) {
        for (KvCommand.Mutation m : mutations) {
            KvResponse.Failure f = ReplicatedCommands.of(m).validate(this);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    public KvResponse.Failure group(String role, String id) {
        if (id == null || !groupExists.test(id)) {
            return failure(ErrorCode.BAD_REQUEST, role + " '" + id + "' is not a group of this cluster");
        }
        return null;
    }

    /**
     * The primary group and every participant a transaction names, each once: a record lists at most every group,
     * so what a record (and every listing of records, e.g. {@code GET /txns}) can weigh is bounded by the cluster's
     * size, not by what a client chose to send.
     */
    public KvResponse.Failure groups(String primaryGroup, List<String> participants) {
        KvResponse.Failure f = group("primary group", primaryGroup);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; f == null && i < participants.size(); i++) {
            f = group("participant", participants.get(i));
            if (f == null && !seen.add(participants.get(i))) {
                f = failure(ErrorCode.BAD_REQUEST, "participant '" + participants.get(i) + "' is listed twice");
            }
        }
        return f;
    }

    public KvResponse.Failure txnId(String txnId) {
        if (txnId.isEmpty() || txnId.length() > 128) {
            return failure(ErrorCode.BAD_REQUEST, "transaction id must have 1..128 characters");
        }
        return null;
    }

    /** A prepare or one-phase commit: its id, the transaction limits, and every key it read, scanned or writes. */
    public KvResponse.Failure txn(String txnId, List<KvCommand.ReadCheck> reads, List<KvCommand.RangeCheck> ranges,
                                  List<KvCommand.Mutation> writes) {
        KvResponse.Failure f = txnId(txnId);
        f = f != null ? f : overLimits(TxnLimits.DEFAULT.violation(reads, ranges, writes));
        for (int i = 0; f == null && i < reads.size(); i++) {
            f = key(reads.get(i).key());
        }
        for (int i = 0; f == null && i < ranges.size(); i++) {
            KvCommand.RangeCheck r = ranges.get(i);
            if (!range.contains(r.start()) || !within(r.end().length == 0 ? range.end() : r.end(), range)) {
                f = failure(ErrorCode.KEY_OUT_OF_RANGE, "scanned range falls outside group range " + range);
            }
        }
        return f != null ? f : mutations(writes);
    }

    /**
     * A command listing participants creates the transaction record, which must live in its primary group (where
     * every resolver asks for it) and count that group among the participants.
     */
    public KvResponse.Failure recordHome(String what, String primaryGroup, List<String> participants) {
        if (!participants.isEmpty() && (!primaryGroup.equals(groupId) || !participants.contains(groupId))) {
            return failure(ErrorCode.BAD_REQUEST, "a " + what + " listing participants creates the record, so it goes to "
                    + "its primary group '" + primaryGroup + "' and lists it, not to '" + groupId + "'");
        }
        return null;
    }

    /** A transaction over the transaction limits, however it got here, is refused before Raft. */
    public static KvResponse.Failure overLimits(String violation) {
        return violation == null ? null : failure(ErrorCode.TOO_LARGE, violation);
    }

    /** Whether a range's exclusive {@code end} (empty = unbounded) stays inside {@code range}. */
    public static boolean within(byte[] end, KeyRange range) {
        if (range.unboundedEnd()) {
            return true;
        }
        return end.length > 0 && Keys.compare(end, range.end()) <= 0;
    }

    public static KvResponse.Failure failure(ErrorCode code, String message) {
        return new KvResponse.Failure(code, message, null);
    }
}
