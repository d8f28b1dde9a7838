package dev.chorus.rpc;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import dev.chorus.config.Limits;
import dev.chorus.participant.TxnLimits;
import dev.chorus.participant.TxnParticipant;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvRead;
import dev.chorus.protocol.KvRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.LogEntry;
import dev.chorus.protocol.MalformedMessageException;
import dev.chorus.protocol.RpcEnvelope;
import dev.chorus.protocol.WireCodec;
import dev.chorus.raft.GroupReplica;
import dev.chorus.raft.KvRequestCompletion;
import dev.chorus.routing.KeyRange;
import dev.chorus.routing.Keys;
import dev.chorus.storage.GroupStore;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Serves client requests arriving on the node's Raft port. Validates each request fully (group, size limits,
 * key range) before anything reaches Raft, proposes writes on the leader and serves reads through ReadIndex.
 * Never blocks: completion happens in jraft's callbacks.
 *
 * <p>Threads: requests arrive on bolt's network threads, which also carry the Raft messages (heartbeats included)
 * of every connection they serve, so one slow request there delays heartbeats and can cause an election. The rule:
 * <b>nothing that reads RocksDB or builds an answer proportional to data runs on a network thread.</b> Decoding and
 * validation (bounded by the request size limit) and proposing a write (jraft's apply only enqueues) stay there;
 * every local read, get or scan, stale or after ReadIndex, runs on the node's bounded read pool. A read the pool
 * cannot take is answered BUSY at once, which the client retries with backoff.
 */
public final class KvRequestProcessor implements RpcProcessor<RpcEnvelope.Request> {
    private final Function<String, GroupReplica> replicas;
    private final Predicate<String> hosts;
    private final Predicate<String> groupExists;
    private final Limits limits;
    private final Executor reads;
    private final Runnable beforeRead;
    private final RequestObserver observer;
    /**
     * Keys and values one scan answer carries at most; the page is marked truncated and the client pages on. Without
     * it a page of 10,000 one-MiB values was built in memory whole (about 10 GiB).
     */
    static final long SCAN_PAGE_BYTES = 4L << 20;
    private final java.util.function.LongSupplier stamps;

    /** Told about every answered request: group, kind (read or write) and outcome (ok or an error code). */
    @FunctionalInterface
    public interface RequestObserver {
        void answered(String group, String kind, String outcome);
    }

    /**
     * @param replicas    the running replica of a group, or null
     * @param hosts       whether this node is configured to host a group (its replica may still be starting)
     * @param groupExists whether a group id names a group of the cluster: the group ids a transaction command
     *                    carries (primary group, participants) are checked against it, because a lock naming a
     *                    group that does not exist can never be resolved and would stay locked for good
     * @param reads       where local reads run: bounded, never a network thread; throws
     *                    {@link RejectedExecutionException} when full
     * @param beforeRead  runs on the read pool just before each local read (the read-pause failpoint)
     * @param stamps      this node's wall clock in ms, never decreasing: stamped on the entries it proposes as leader
     */
    public KvRequestProcessor(Function<String, GroupReplica> replicas, Predicate<String> hosts,
                              Predicate<String> groupExists, Limits limits, Executor reads, Runnable beforeRead,
                              RequestObserver observer, java.util.function.LongSupplier stamps) {
        this.observer = observer;
        this.stamps = stamps;
        this.replicas = replicas;
        this.hosts = hosts;
        this.groupExists = groupExists;
        this.limits = limits;
        this.reads = reads;
        this.beforeRead = beforeRead;
    }

    @Override
    public String interest() {
        return RpcEnvelope.Request.class.getName();
    }

    /** The network thread that decoded the request: handling it only validates and hands work on (class comment). */
    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public void handleRequest(RpcContext ctx, RpcEnvelope.Request request) {
        KvRequestCompletion reply = response -> ctx.sendResponse(new RpcEnvelope.Response(WireCodec.encode(response)));
        try {
            handle(request, reply);
        } catch (RuntimeException e) {
            reply.complete(failure(ErrorCode.INTERNAL, e.toString()));
        }
    }

    private void handle(RpcEnvelope.Request request, KvRequestCompletion reply) {
        if (request == null || request.groupId() == null || request.body() == null) {
            reply.complete(failure(ErrorCode.BAD_REQUEST, "request has no group or body"));
            return;
        }
        GroupReplica replica = replicas.apply(request.groupId());
        if (replica == null) {
            reply.complete(hosts.test(request.groupId())
                    ? failure(ErrorCode.UNAVAILABLE, "replica of group '" + request.groupId() + "' is starting or stopping")
                    : failure(ErrorCode.UNKNOWN_GROUP, "this node hosts no replica of group '" + request.groupId() + "'"));
            return;
        }
        byte[] body = request.body();
        if (body.length > limits.maxRequestBytes()) {
            reply.complete(failure(ErrorCode.TOO_LARGE, "request of " + body.length + " bytes exceeds the limit of "
                    + limits.maxRequestBytes()));
            return;
        }
        KvRequest decoded;
        try {
            decoded = WireCodec.decodeRequest(body);
        } catch (MalformedMessageException e) {
            reply.complete(failure(ErrorCode.BAD_REQUEST, "malformed request: " + e.getMessage()));
            return;
        }
        String kind = decoded instanceof KvRequest.Write ? "write" : "read";
        KvRequestCompletion send = reply;
        reply = response -> {
            observer.answered(request.groupId(), kind,
                    response instanceof KvResponse.Failure f ? f.code().name() : "ok");
            send.complete(response);
        };
        KvResponse.Failure invalid = validate(decoded, replica.range());
        if (invalid == null) {
            invalid = checkRecordHome(decoded, request.groupId());
        }
        if (invalid != null) {
            reply.complete(invalid);
            return;
        }
        if (decoded instanceof KvRequest.Write) {
            propose(replica, body, reply);
        } else if (decoded instanceof KvRequest.Read r) {
            read(replica, r.read(), reply);
        }
    }

    private void propose(GroupReplica replica, byte[] body, KvRequestCompletion reply) {
        Node node = replica.node();
        if (node == null || !node.isLeader()) {
            reply.complete(notLeader(replica));
            return;
        }
        Task task = new Task();
        // The stamp feeds the group's replicated clock (GroupTime); only its rate matters, never its offset.
        task.setData(ByteBuffer.wrap(LogEntry.encode(stamps.getAsLong(), body)));
        task.setDone(replica.closureFor(reply));
        node.apply(task);
    }

    private void read(GroupReplica replica, KvRead read, KvRequestCompletion reply) {
        Node node = replica.node();
        if (node == null) {
            reply.complete(failure(ErrorCode.UNAVAILABLE, "replica is starting"));
            return;
        }
        if (read.consistency() == KvRead.Consistency.STALE) {
            readLocal(replica.store(), read, reply);
            return;
        }
        if (!node.isLeader()) {
            reply.complete(notLeader(replica));
            return;
        }
        if (read instanceof KvRead.GroupTime) {
            // The leader's estimate of the group's time now: a lower bound of every later entry's time (its stamps
            // never decrease, and a deposed leader's entries never apply), and current, which a follower's applied
            // time (lagging by its downtime) or the applied time of an idle group (behind by the idle period) is not.
            // No ReadIndex needed.
            long now = replica.store().groupTime().currentFor(replica.leaderTerm(), stamps.getAsLong());
            reply.complete(new KvResponse.Value(ByteBuffer.allocate(8).putLong(now).array()));
            return;
        }
        node.readIndex(null, new ReadIndexClosure() {
            @Override
            public void run(Status status, long index, byte[] reqCtx) {
                if (status.isOk()) {
                    // jraft runs this on whichever thread saw the quorum: a network thread, among others.
                    readLocal(replica.store(), read, reply);
                } else {
                    reply.complete(failure(ErrorCode.UNAVAILABLE, "read index failed: " + status.getErrorMsg()));
                }
            }
        });
    }

    /** Answers {@code read} from this replica's store, on the read pool; BUSY at once if the pool is full. */
    private void readLocal(GroupStore store, KvRead read, KvRequestCompletion reply) {
        try {
            reads.execute(() -> {
                try {
                    beforeRead.run();
                    reply.complete(readStore(store, read));
                } catch (RuntimeException e) {
                    reply.complete(failure(ErrorCode.INTERNAL, e.toString()));
                }
            });
        } catch (RejectedExecutionException e) {
            reply.complete(failure(ErrorCode.BUSY, "too many reads queued on this node; retry"));
        }
    }

    private static KvResponse readStore(GroupStore store, KvRead read) {
        if (read instanceof KvRead.Get g) {
            KvResponse.Failure locked = TxnParticipant.lockedForRead(store, g.key());
            return locked != null ? locked : new KvResponse.Value(store.get(g.key()));
        }
        KvRead.Scan s = (KvRead.Scan) read;
        KvResponse.Failure locked = TxnParticipant.lockedForScan(store, s.start(), s.end());
        if (locked != null) {
            return locked;
        }
        GroupStore.ScanPage page = store.scan(s.start(), s.end(), s.limit(), SCAN_PAGE_BYTES);
        return new KvResponse.ScanResult(page.entries(), page.truncated());
    }

    private KvResponse.Failure validate(KvRequest request, KeyRange range) {
        if (request instanceof KvRequest.Read r) {
            if (r.read() instanceof KvRead.Get g) {
                return checkKey(g.key(), range);
            }
            if (r.read() instanceof KvRead.GroupTime) {
                return null;
            }
            KvRead.Scan s = (KvRead.Scan) r.read();
            if (s.limit() < 1 || s.limit() > limits.maxScanLimit()) {
                return failure(ErrorCode.BAD_REQUEST, "scan limit must be within 1.." + limits.maxScanLimit());
            }
            if (!range.contains(s.start()) || (s.end().length > 0 && Keys.compare(s.end(), s.start()) < 0)
                    || !within(s.end(), range)) {
                return failure(ErrorCode.KEY_OUT_OF_RANGE, "scan bounds fall outside group range " + range);
            }
            return null;
        }
        return checkCommand(((KvRequest.Write) request).command(), range);
    }

    private static boolean within(byte[] end, KeyRange range) {
        if (range.unboundedEnd()) {
            return true;
        }
        return end.length > 0 && Keys.compare(end, range.end()) <= 0;
    }

    private KvResponse.Failure checkCommand(KvCommand command, KeyRange range) {
        if (command instanceof KvCommand.Put p) {
            KvResponse.Failure f = checkKey(p.key(), range);
            return f != null ? f : checkValue(p.value());
        } else if (command instanceof KvCommand.Delete d) {
            return checkKey(d.key(), range);
        } else if (command instanceof KvCommand.CompareAndSet c) {
            KvResponse.Failure f = checkKey(c.key(), range);
            if (f == null && c.expected() != null) {
                f = checkValue(c.expected());
            }
            if (f == null && c.newValue() != null) {
                f = checkValue(c.newValue());
            }
            return f;
        } else if (command instanceof KvCommand.Batch b) {
            if (b.mutations().isEmpty()) {
                return failure(ErrorCode.BAD_REQUEST, "empty batch");
            }
            return checkMutations(b.mutations(), range);
        } else if (command instanceof KvCommand.TxnPrepare p) {
            KvResponse.Failure f = checkGroup("primary group", p.primaryGroup());
            for (int i = 0; f == null && i < p.participants().size(); i++) {
                f = checkGroup("participant", p.participants().get(i));
            }
            return f != null ? f : checkTxn(p.txnId(), p.reads(), p.ranges(), p.writes(), range);
        } else if (command instanceof KvCommand.TxnOnePhase o) {
            return checkTxn(o.txnId(), o.reads(), o.ranges(), o.writes(), range);
        } else if (command instanceof KvCommand.TxnLockRead r) {
            KvResponse.Failure f = overLimits(TxnLimits.DEFAULT.violation(r.keys()));
            f = f != null ? f : checkGroup("primary group", r.primaryGroup());
            for (int i = 0; f == null && i < r.participants().size(); i++) {
                f = checkGroup("participant", r.participants().get(i));
            }
            f = f != null ? f : checkTxnId(r.txnId());
            for (int i = 0; f == null && i < r.keys().size(); i++) {
                f = checkKey(r.keys().get(i), range);
            }
            return f;
        } else if (command instanceof KvCommand.TxnCommand t) {
            return checkTxnId(t.txnId());
        } else if (command instanceof KvCommand.TxnForget f) {
            for (String id : f.txnIds()) {
                KvResponse.Failure bad = checkTxnId(id);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    private KvResponse.Failure checkMutations(java.util.List<KvCommand.Mutation> mutations, KeyRange range) {
        for (KvCommand.Mutation m : mutations) {
            KvResponse.Failure f = checkCommand(m, range);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private KvResponse.Failure checkTxn(String txnId, java.util.List<KvCommand.ReadCheck> reads,
                                        java.util.List<KvCommand.RangeCheck> ranges,
                                        java.util.List<KvCommand.Mutation> writes, KeyRange range) {
        KvResponse.Failure f = checkTxnId(txnId);
        f = f != null ? f : overLimits(TxnLimits.DEFAULT.violation(reads, ranges, writes));
        for (int i = 0; f == null && i < reads.size(); i++) {
            f = checkKey(reads.get(i).key(), range);
        }
        for (int i = 0; f == null && i < ranges.size(); i++) {
            KvCommand.RangeCheck r = ranges.get(i);
            if (!range.contains(r.start()) || !within(r.end().length == 0 ? range.end() : r.end(), range)) {
                f = failure(ErrorCode.KEY_OUT_OF_RANGE, "scanned range falls outside group range " + range);
            }
        }
        return f != null ? f : checkMutations(writes, range);
    }

    /**
     * A prepare that lists participants creates the transaction record, which must live in its primary group (where
     * every resolver asks for it) and count that group among the participants.
     */
    private static KvResponse.Failure checkRecordHome(KvRequest request, String groupId) {
        if (request instanceof KvRequest.Write w && w.command() instanceof KvCommand.TxnPrepare p
                && !p.participants().isEmpty()
                && (!p.primaryGroup().equals(groupId) || !p.participants().contains(groupId))) {
            return failure(ErrorCode.BAD_REQUEST, "a prepare listing participants creates the record, so it goes to its "
                    + "primary group '" + p.primaryGroup() + "' and lists it, not to '" + groupId + "'");
        }
        if (request instanceof KvRequest.Write w && w.command() instanceof KvCommand.TxnLockRead r
                && !r.participants().isEmpty()
                && (!r.primaryGroup().equals(groupId) || !r.participants().contains(groupId))) {
            return failure(ErrorCode.BAD_REQUEST, "a lock-read listing participants creates the record, so it goes to its "
                    + "primary group '" + r.primaryGroup() + "' and lists it, not to '" + groupId + "'");
        }
        return null;
    }

    private KvResponse.Failure checkGroup(String role, String groupId) {
        if (groupId == null || !groupExists.test(groupId)) {
            return failure(ErrorCode.BAD_REQUEST, role + " '" + groupId + "' is not a group of this cluster");
        }
        return null;
    }

    /** A prepare or one-phase commit over the transaction limits, however it got here, is refused before Raft. */
    private static KvResponse.Failure overLimits(String violation) {
        return violation == null ? null : failure(ErrorCode.TOO_LARGE, violation);
    }

    private static KvResponse.Failure checkTxnId(String txnId) {
        if (txnId.isEmpty() || txnId.length() > 128) {
            return failure(ErrorCode.BAD_REQUEST, "transaction id must have 1..128 characters");
        }
        return null;
    }

    private KvResponse.Failure checkKey(byte[] key, KeyRange range) {
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

    private KvResponse.Failure checkValue(byte[] value) {
        if (value.length > limits.maxValueBytes()) {
            return failure(ErrorCode.TOO_LARGE, "value of " + value.length + " bytes exceeds the limit of "
                    + limits.maxValueBytes());
        }
        return null;
    }

    private static KvResponse.Failure notLeader(GroupReplica replica) {
        PeerId leader = replica.node() == null ? null : replica.node().getLeaderId();
        String hint = replica.nodeIdOf(leader);
        return new KvResponse.Failure(ErrorCode.NOT_LEADER, "not the leader of group " + replica.groupId()
                + (hint == null ? " (leader unknown)" : "; leader is " + hint), hint);
    }

    private static KvResponse.Failure failure(ErrorCode code, String message) {
        return new KvResponse.Failure(code, message, null);
    }
}
