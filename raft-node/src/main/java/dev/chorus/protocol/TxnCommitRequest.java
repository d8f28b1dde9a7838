package dev.chorus.protocol;

import java.util.List;

/**
 * A whole transaction as a client hands it to a coordinator: what it read, the ranges it scanned and what it writes.
 * Not a replicated command: the coordinator turns it into one {@link KvCommand.TxnOnePhase} (all keys in one group)
 * or a {@link KvCommand.TxnPrepare} per group. {@code deadlineMs}: the transaction's deadline in its primary group's
 * time, fixed by the client before it sends the request (0 until then; a coordinator refuses a request without).
 *
 * <p>On the wire ({@link WireCodec#encode(TxnCommitRequest)}) it has the bytes of the one-phase command with the same
 * fields, as before the two were separate types, so clients and nodes on either side of that change still agree.
 */
public record TxnCommitRequest(String txnId, long deadlineMs, List<KvCommand.ReadCheck> reads,
                               List<KvCommand.RangeCheck> ranges, List<KvCommand.Mutation> writes) {
    public TxnCommitRequest {
        reads = List.copyOf(reads);
        ranges = List.copyOf(ranges);
        writes = List.copyOf(writes);
    }

    /** The same transaction with its deadline fixed. */
    public TxnCommitRequest withDeadline(long deadline) {
        return new TxnCommitRequest(txnId, deadline, reads, ranges, writes);
    }

    /** The replicated command that commits this transaction in one round when all its keys lie in one group. */
    public KvCommand.TxnOnePhase onePhase() {
        return new KvCommand.TxnOnePhase(txnId, deadlineMs, reads, ranges, writes);
    }
}
