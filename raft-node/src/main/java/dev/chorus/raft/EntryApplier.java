package dev.chorus.raft;

import dev.chorus.command.ApplyContext;
import dev.chorus.command.ReplicatedCommand;
import dev.chorus.command.ReplicatedCommands;
import dev.chorus.participant.TxnObserver;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.LogEntry;
import dev.chorus.protocol.MalformedMessageException;
import dev.chorus.protocol.WireCodec;
import dev.chorus.storage.ApplyBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one committed log entry to a batch: moves the group's clock by the entry's stamp, decodes the write and
 * runs its command, at most once per request id. Everything {@link KvStateMachine} does per entry that does not
 * need jraft, so that it can be run, deterministically, against any {@link dev.chorus.storage.ReplicatedStore}.
 */
public final class EntryApplier {
    private static final Logger LOG = LoggerFactory.getLogger(EntryApplier.class);

    private final String groupId;

    public EntryApplier(String groupId) {
        this.groupId = groupId;
    }

    /** Applies the log entry {@code bytes} of {@code term}; answers what its proposer is told. */
    public KvResponse apply(ApplyBatch batch, byte[] bytes, long term, TxnObserver observer) {
        KvRequest.Write write;
        try {
            LogEntry entry = LogEntry.decode(bytes);
            if (entry.stamped()) {
                batch.advanceTime(entry.stampMs(), term);
            }
            write = WireCodec.decodeWrite(entry.write());
        } catch (MalformedMessageException e) {
            // The leader validates before proposing, so this means a bug; every replica skips it the same way.
            LOG.error("group {}: undecodable log entry skipped: {}", groupId, e.getMessage());
            return new KvResponse.Failure(ErrorCode.BAD_REQUEST, e.getMessage(), null);
        }
        return applyWrite(batch, write, observer);
    }

    /**
     * A write that must wait (LOCKED) is answered before deduplication, so nothing is remembered for it and its
     * retry under the same id executes once the lock is gone; every other write runs at most once per request id.
     */
    private static KvResponse applyWrite(ApplyBatch batch, KvRequest.Write write, TxnObserver observer) {
        ReplicatedCommand command = ReplicatedCommands.of(write.command());
        KvResponse.Failure blocked = command.blockedBy(batch);
        if (blocked != null) {
            return blocked;
        }
        ApplyContext context = new ApplyContext(batch, observer);
        return write.id() == null ? command.apply(context)
                : WriteDeduplicator.apply(batch, write.id(), () -> command.apply(context));
    }
}
