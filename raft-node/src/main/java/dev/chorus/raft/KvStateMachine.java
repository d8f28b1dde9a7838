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
import dev.chorus.participant.TxnObserver;
import dev.chorus.participant.TxnState;
import dev.chorus.protocol.KvResponse;
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
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies one group's committed log entries to its {@link GroupStore}.
 *
 * <p>Invariants: every batch of entries jraft hands over is one RocksDB write carrying the new applied index;
 * entries at or below the stored applied index are skipped (they were applied before a restart), so no entry is
 * applied twice or skipped. A write with a request id is executed at most once ({@link WriteDeduplicator}).
 *
 * <p>The store's applied index and jraft's. jraft counts configuration entries (every new leader's first entry,
 * every membership change) as applied without handing them to {@link #onApply}, so between snapshots the store's
 * index may trail jraft's by such entries, and only by them. A snapshot's meta records jraft's index, so
 * {@link #onSnapshotSave} first moves the store's index up to it: a snapshot's data index is then never below its
 * meta index. It may be above it: a snapshot taken while a restart replays entries the store already holds
 * records the replay position, and replaying those entries again is a no-op (they are skipped). Hence the rule
 * enforced by {@link #onSnapshotLoad}: a snapshot whose data index is at least its meta index is complete. (Chorus
 * before this rule wrote snapshots whose data index trails the meta's, by configuration entries only, since those
 * too were taken on this thread with every entry applied; loading one moves the store's index over them.)
 *
 * <p>A batch whose apply throws is discarded whole: jraft is told to roll back to the batch's first entry, so it
 * fails every caller waiting on an entry of the batch at once and records the same applied index as the store.
 */
public final class KvStateMachine extends StateMachineAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(KvStateMachine.class);
    private static final String SNAPSHOT_DB = "db";

    private final String groupId;
    private final GroupStore store;
    private final GroupListener listener;
    private final EntryApplier entries;

    private volatile long leaderTerm = -1;
    private volatile Configuration configuration = new Configuration();


    public KvStateMachine(String groupId, GroupStore store, GroupListener listener) {
        this.groupId = groupId;
        this.store = store;
        this.listener = listener;
        this.entries = new EntryApplier(groupId);
    }

    public GroupStore store() {
        return store;
    }

    /** The term in which this replica leads its group, or -1 when it does not. */
    public long leaderTerm() {
        return leaderTerm;
    }

    @Override
    public void onApply(Iterator it) {
        long startNanos = System.nanoTime();
        List<Closure> toComplete = new ArrayList<>();
        List<TxnApplied> txnEvents = new ArrayList<>(0);
        TxnObserver observer = new TxnObserver() {
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
        long firstDiscardable = -1;
        try (ApplyBatch batch = store.beginApply()) {
            while (it.hasNext()) {
                long index = it.getIndex();
                Closure done = it.done();
                if (index <= applied) {
                    // Applied before a restart: the store already holds its effect.
                    it.next();
                    continue;
                }
                if (firstDiscardable < 0) {
                    firstDiscardable = index;
                }
                KvResponse response = applyEntry(batch, it.getData(), it.getTerm(), observer);
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
            LOG.error("group {}: applying entries from index {} failed; stopping this replica", groupId,
                    firstDiscardable < 0 ? applied + 1 : firstDiscardable, e);
            discardBatch(it, firstDiscardable, e);
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

    /**
     * Rolls jraft back to the first entry of the discarded batch: jraft then runs every closure from there on with
     * the error (none of them was answered yet), and its applied index stays at what the store holds.
     * {@code setErrorAndRollback(n)} counts back from the iterator's position, which is the failing entry while
     * the iterator still has one, else one past the batch.
     */
    private void discardBatch(Iterator it, long firstDiscardable, RuntimeException cause) {
        Status error = new Status(RaftError.ESTATEMACHINE, "apply failed: %s", cause.getMessage());
        long position = it.getIndex();
        long first = firstDiscardable < 0 ? position : firstDiscardable;
        long rollback = position - first + (it.hasNext() ? 1 : 0);
        it.setErrorAndRollback(Math.max(1, rollback), error);
    }

    /** What a transaction command did here, reported once the batch is durable. */
    private record TxnApplied(String txnId, TxnStep step) {
    }

    private KvResponse applyEntry(ApplyBatch batch, ByteBuffer data, long term, TxnObserver observer) {
        if (data == null || !data.hasRemaining()) {
            return new KvResponse.Done();
        }
        // Read through a duplicate: on the leader this buffer is the very one jraft keeps in its in-memory log and
        // later sends to lagging followers. Moving its position would replicate an empty entry to them.
        ByteBuffer view = data.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return entries.apply(batch, bytes, term, observer);
    }

    @Override
    public void onSnapshotSave(SnapshotWriter writer, Closure done) {
        // Runs on the state-machine thread with every entry up to the meta's index applied: the entries between
        // the store's index and jraft's are configuration entries (see the class comment).
        store.advanceAppliedIndex(writer.getCurrentMeta().getLastIncludedIndex());
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
        } catch (Error e) {
            // jraft waits for done forever otherwise, and so does the node's shutdown.
            done.run(new Status(RaftError.EIO, "snapshot save failed: %s", e.getMessage()));
            throw e;
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
        } catch (RuntimeException | Error e) {
            // An Error here is an in-process crash at a failpoint (tests); the node is being stopped.
            LOG.error("group {}: snapshot load failed", groupId, e);
            return false;
        }
        if (store.appliedIndex() < snapshotIndex) {
            // Written before snapshots carried the configuration entries in their data index: the missing entries
            // hold no data (the snapshot was taken with all of them applied), so the store moves over them.
            LOG.warn("group {}: snapshot's data is at index {}, its meta at {}; the entries between carry no data",
                    groupId, store.appliedIndex(), snapshotIndex);
            store.advanceAppliedIndex(snapshotIndex);
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
