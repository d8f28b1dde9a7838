package dev.chorus.raft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.LeaderChangeContext;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.error.RaftException;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import dev.chorus.participant.TxnParticipant;
import dev.chorus.participant.TxnState;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.MalformedMessageException;
import dev.chorus.protocol.WireCodec;
import dev.chorus.raft.GroupListener.TxnStep;
import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.GroupStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies one group's committed log entries to its {@link GroupStore}.
 *
 * <p>Invariants: every batch of entries jraft hands over is one RocksDB write carrying the new applied index;
 * entries at or below the stored applied index are skipped (they were applied before a restart), so no entry is
 * applied twice or skipped. A write with a request id is executed at most once ({@link WriteDeduplicator}).
 */
public final class KvStateMachine extends StateMachineAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(KvStateMachine.class);
    private static final String SNAPSHOT_DB = "db";

    private final String groupId;
    private final GroupStore store;
    private final GroupListener listener;

    private volatile long leaderTerm = -1;
    private volatile Configuration configuration = new Configuration();


    public KvStateMachine(String groupId, GroupStore store, GroupListener listener) {
        this.groupId = groupId;
        this.store = store;
        this.listener = listener;
    }

    public GroupStore store() {
        return store;
    }

    @Override
    public void onApply(Iterator it) {
        long startNanos = System.nanoTime();
        List<Closure> toComplete = new ArrayList<>();
        List<TxnApplied> txnEvents = new ArrayList<>(0);
        TxnParticipant.Observer observer = new TxnParticipant.Observer() {
            @Override
            public void prepared(String txnId) {
                txnEvents.add(new TxnApplied(txnId, TxnStep.PREPARED));
            }

            @Override
            public void decided(String txnId, TxnState state) {
                txnEvents.add(new TxnApplied(txnId, state == TxnState.COMMITTED ? TxnStep.COMMITTED : TxnStep.ABORTED));
            }

            @Override
            public void completed(String txnId, boolean commit) {
                txnEvents.add(new TxnApplied(txnId, commit ? TxnStep.COMPLETED_COMMIT : TxnStep.COMPLETED_ABORT));
            }
        };
        long applied = store.appliedIndex();
        long last = applied;
        try (ApplyBatch batch = store.beginApply()) {
            while (it.hasNext()) {
                long index = it.getIndex();
                Closure done = it.done();
                if (index <= applied) {
                    // Applied before a restart: the store already holds its effect.
                    it.next();
                    continue;
                }
                KvResponse response = applyEntry(batch, it.getData(), observer);
                if (done != null) {
                    if (done instanceof KvClosure kc) {
                        kc.setResponse(response);
                    }
                    toComplete.add(done);
                }
                last = index;
                it.next();
            }
            if (last > applied) {
                batch.commit(last);
                listener.applied(groupId, (int) (last - applied), System.nanoTime() - startNanos);
            }
        } catch (RuntimeException e) {
            LOG.error("group {}: applying entries after index {} failed; stopping this replica", groupId, applied, e);
            it.setErrorAndRollback(1, new Status(RaftError.ESTATEMACHINE, "apply failed: %s", e.getMessage()));
            return;
        }
        // Answer clients only after the batch is durable in the store.
        for (Closure c : toComplete) {
            c.run(Status.OK());
        }
        boolean leader = leaderTerm > 0;
        for (TxnApplied e : txnEvents) {
            listener.txnApplied(groupId, leader, e.txnId(), e.step());
        }
    }

    /** What a transaction command did here, reported once the batch is durable. */
    private record TxnApplied(String txnId, TxnStep step) {
    }

    private KvResponse applyEntry(ApplyBatch batch, ByteBuffer data, TxnParticipant.Observer observer) {
        if (data == null || !data.hasRemaining()) {
            return new KvResponse.Done();
        }
        // Read through a duplicate: on the leader this buffer is the very one jraft keeps in its in-memory log and
        // later sends to lagging followers. Moving its position would replicate an empty entry to them.
        ByteBuffer view = data.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        KvRequest.Write write;
        try {
            write = WireCodec.decodeWrite(bytes);
        } catch (MalformedMessageException e) {
            // The leader validates before proposing, so this means a bug; every replica skips it the same way.
            LOG.error("group {}: undecodable log entry skipped: {}", groupId, e.getMessage());
            return new KvResponse.Failure(ErrorCode.BAD_REQUEST, e.getMessage(), null);
        }
        dev.chorus.protocol.RequestId id = write.id();
        KvCommand command = write.command();
        if (command instanceof KvCommand.TxnCommand || command instanceof KvCommand.TxnForget) {
            return id == null ? TxnParticipant.apply(batch, command, observer)
                    : WriteDeduplicator.apply(batch, id, () -> TxnParticipant.apply(batch, command, observer));
        }
        KvResponse.Failure locked = lockedForWrite(batch, command);
        if (locked != null) {
            return locked;
        }
        if (id == null) {
            return execute(batch, command);
        }
        return WriteDeduplicator.apply(batch, id, () -> execute(batch, command));
    }

    /** A plain write must not change a key a transaction holds (see {@link TxnParticipant#lockedForWrite}). */
    private static KvResponse.Failure lockedForWrite(ApplyBatch batch, KvCommand command) {
        if (command instanceof KvCommand.Mutation m) {
            return TxnParticipant.lockedForWrite(batch, List.of(m.key()));
        } else if (command instanceof KvCommand.CompareAndSet c) {
            return TxnParticipant.lockedForWrite(batch, List.of(c.key()));
        } else if (command instanceof KvCommand.Batch b) {
            return TxnParticipant.lockedForWrite(batch, b.mutations().stream().map(KvCommand.Mutation::key).toList());
        }
        return null;
    }

    private static KvResponse execute(ApplyBatch batch, KvCommand command) {
        if (command instanceof KvCommand.Put p) {
            batch.put(p.key(), p.value());
        } else if (command instanceof KvCommand.Delete d) {
            batch.delete(d.key());
        } else if (command instanceof KvCommand.CompareAndSet cas) {
            byte[] current = batch.get(cas.key());
            boolean matches = cas.expected() == null ? current == null : Arrays.equals(current, cas.expected());
            if (!matches) {
                return new KvResponse.CasResult(false, current);
            }
            if (cas.newValue() == null) {
                batch.delete(cas.key());
            } else {
                batch.put(cas.key(), cas.newValue());
            }
            return new KvResponse.CasResult(true, null);
        } else if (command instanceof KvCommand.Batch b) {
            for (KvCommand.Mutation m : b.mutations()) {
                execute(batch, m);
            }
        }
        return new KvResponse.Done();
    }

    @Override
    public void onSnapshotSave(SnapshotWriter writer, Closure done) {
        long index = store.appliedIndex();
        Path target = Path.of(writer.getPath(), SNAPSHOT_DB);
        try {
            store.checkpoint(target);
            try (Stream<Path> files = Files.walk(target)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    if (!writer.addFile(Path.of(writer.getPath()).relativize(f).toString())) {
                        throw new IOException("snapshot writer refused " + f);
                    }
                }
            }
            listener.snapshotSaved(groupId, index);
            done.run(Status.OK());
        } catch (IOException | RuntimeException e) {
            LOG.error("group {}: snapshot save failed", groupId, e);
            done.run(new Status(RaftError.EIO, "snapshot save failed: %s", e.getMessage()));
        }
    }

    @Override
    public boolean onSnapshotLoad(SnapshotReader reader) {
        if (leaderTerm > 0) {
            LOG.warn("group {}: leader refuses to load a snapshot", groupId);
            return false;
        }
        var meta = reader.load();
        if (meta == null) {
            LOG.error("group {}: snapshot at {} has no meta", groupId, reader.getPath());
            return false;
        }
        long snapshotIndex = meta.getLastIncludedIndex();
        // The membership as of the snapshot: a replica that catches up by snapshot may never see the entry that
        // changed it (onConfigurationCommitted is not called for configurations inside a snapshot).
        Configuration snapshotConf = new Configuration();
        meta.getPeersList().forEach(p -> snapshotConf.addPeer(com.alipay.sofa.jraft.entity.PeerId.parsePeer(p)));
        meta.getLearnersList().forEach(p -> snapshotConf.addLearner(com.alipay.sofa.jraft.entity.PeerId.parsePeer(p)));
        if (!snapshotConf.isEmpty()) {
            configuration = snapshotConf;
        }
        if (store.appliedIndex() >= snapshotIndex) {
            // Restart: the local store already covers the snapshot; the log replays the rest.
            LOG.info("group {}: keeping local state at applied index {} (snapshot {})", groupId, store.appliedIndex(), snapshotIndex);
            return true;
        }
        try {
            store.replaceWith(Path.of(reader.getPath(), SNAPSHOT_DB));
        } catch (RuntimeException e) {
            LOG.error("group {}: snapshot load failed", groupId, e);
            return false;
        }
        if (store.appliedIndex() != snapshotIndex) {
            LOG.error("group {}: snapshot claims index {} but its data is at {}", groupId, snapshotIndex, store.appliedIndex());
            return false;
        }
        listener.snapshotLoaded(groupId, snapshotIndex);
        return true;
    }

    @Override
    public void onLeaderStart(long term) {
        leaderTerm = term;
        listener.leaderStarted(groupId, term);
    }

    @Override
    public void onLeaderStop(Status status) {
        leaderTerm = -1;
        listener.leaderStopped(groupId, status.getErrorMsg());
    }

    @Override
    public void onStartFollowing(LeaderChangeContext ctx) {
        listener.followingStarted(groupId, ctx.getLeaderId() == null ? null : ctx.getLeaderId().toString(), ctx.getTerm());
    }

    /** The group's latest committed membership (voters and learners), known on every replica. */
    public Configuration configuration() {
        return configuration;
    }

    @Override
    public void onConfigurationCommitted(Configuration conf) {
        configuration = conf.copy();
        listener.configurationCommitted(groupId, leaderTerm > 0,
                conf.getPeers().stream().map(p -> p.getIp() + ":" + p.getPort()).toList(),
                conf.getLearners().stream().map(p -> p.getIp() + ":" + p.getPort()).toList());
    }

    @Override
    public void onError(RaftException e) {
        LOG.error("group {}: replica entered error state: {}", groupId, e.getStatus(), e);
    }
}
