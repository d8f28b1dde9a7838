package dev.chorus.rpc;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import dev.chorus.config.Limits;
import dev.chorus.command.CommandValidation;
import dev.chorus.command.ReplicatedCommands;
import dev.chorus.participant.LockGuard;
import dev.chorus.protocol.ErrorCode;
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
import dev.chorus.storage.Family;
import dev.chorus.storage.GroupStore;
import dev.chorus.storage.ScanPage;
import dev.chorus.versioned.Envelope;

import java.nio.ByteBuffer;
import java.util.List;
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
        KvResponse.Failure invalid = validate(decoded, new CommandValidation(request.groupId(), replica.range(), limits,
                groupExists));
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
            KvResponse.Failure locked = LockGuard.lockedForRead(store, g.key());
            return locked != null ? locked : new KvResponse.Value(store.get(g.key()));
        }
        if (read instanceof KvRead.VersionedScan v) {
            // The versioned keyspace has no transaction locks (dev.chorus.versioned).
            ScanPage page = store.scan(Family.VERSIONED, v.start(), v.end(), v.limit(), SCAN_PAGE_BYTES);
            List<KvResponse.KeyValue> entries = !v.keysOnly() ? page.entries() : page.entries().stream()
                    .map(e -> new KvResponse.KeyValue(e.key(), Envelope.withoutValue(e.value()))).toList();
            return new KvResponse.ScanResult(entries, page.truncated());
        }
        KvRead.Scan s = (KvRead.Scan) read;
        KvResponse.Failure locked = LockGuard.lockedForScan(store, s.start(), s.end());
        if (locked != null) {
            return locked;
        }
        ScanPage page = store.scan(s.start(), s.end(), s.limit(), SCAN_PAGE_BYTES);
        return new KvResponse.ScanResult(page.entries(), page.truncated());
    }

    private KvResponse.Failure validate(KvRequest request, CommandValidation check) {
        if (request instanceof KvRequest.Write w) {
            return ReplicatedCommands.of(w.command()).validate(check);
        }
        KvRead read = ((KvRequest.Read) request).read();
        if (read instanceof KvRead.Get g) {
            return check.key(g.key());
        }
        if (read instanceof KvRead.GroupTime) {
            return null;
        }
        byte[] start;
        byte[] end;
        int limit;
        if (read instanceof KvRead.VersionedScan v) {
            start = v.start();
            end = v.end();
            limit = v.limit();
        } else {
            KvRead.Scan s = (KvRead.Scan) read;
            start = s.start();
            end = s.end();
            limit = s.limit();
        }
        if (limit < 1 || limit > limits.maxScanLimit()) {
            return failure(ErrorCode.BAD_REQUEST, "scan limit must be within 1.." + limits.maxScanLimit());
        }
        KeyRange range = check.range();
        if (!range.contains(start) || (end.length > 0 && Keys.compare(end, start) < 0)
                || !CommandValidation.within(end, range)) {
            return failure(ErrorCode.KEY_OUT_OF_RANGE, "scan bounds fall outside group range " + range);
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
