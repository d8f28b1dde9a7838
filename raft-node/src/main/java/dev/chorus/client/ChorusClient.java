package dev.chorus.client;

import com.alipay.sofa.jraft.rpc.InvokeCallback;
import com.alipay.sofa.jraft.rpc.RpcClient;
import dev.chorus.config.ConfigException;
import dev.chorus.rpc.RpcClients;
import dev.chorus.security.TlsIdentity;
import com.alipay.sofa.jraft.util.Endpoint;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.HostPort;
import dev.chorus.config.NodeSpec;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvRead;
import dev.chorus.protocol.KvRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.MalformedMessageException;
import dev.chorus.protocol.RequestId;
import dev.chorus.protocol.RpcEnvelope;
import dev.chorus.protocol.WireCodec;
import dev.chorus.protocol.WireSerializers;
import dev.chorus.routing.KeyRange;
import dev.chorus.routing.Keys;
import dev.chorus.routing.RangeRouter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Chorus client: routes each key to its group by range, finds and caches each group's leader, follows leader
 * changes and retries on timeouts until the request deadline.
 *
 * <p>Every write carries a request id (client id + sequence number) that stays the same across retries; the
 * state machine applies a given id once and answers retries with the stored result, so a retried write never
 * applies twice and a retried compare-and-set reports its own success.
 *
 * <p>Thread-safe; one instance serves any number of threads. The async methods never block.
 */
public final class ChorusClient implements AutoCloseable {
    /** Entries asked for per scan request; within every node's default scan limit. */
    static final int SCAN_PAGE = 1000;
    private final ClientOptions options;
    private final RangeRouter router;
    private final Map<String, List<String>> replicasByGroup = new HashMap<>();
    private final Map<String, Endpoint> endpointByNode = new HashMap<>();
    private final Map<String, String> leaderByGroup = new ConcurrentHashMap<>();
    private final RpcClient rpc;
    private final Optional<TlsIdentity> identity;
    private final ScheduledExecutorService retryTimer;
    private final long clientHigh;
    private final long clientLow;
    private final Map<String, WriteSession> sessions = new ConcurrentHashMap<>();

    /**
     * Sequence numbers of this client's writes to one group. Per group, so that the numbers a group sees are dense
     * and its deduplication table can forget answered writes promptly.
     */
    private static final class WriteSession {
        final AtomicLong nextSeq = new AtomicLong(1);
        final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    }

    public ChorusClient(ClusterConfig cluster) {
        this(cluster, ClientOptions.DEFAULT);
    }

    /** A client presenting the cluster's client certificate when the cluster has TLS. */
    public ChorusClient(ClusterConfig cluster, ClientOptions options) {
        this(cluster, options, clientIdentity(cluster));
    }

    /** A client presenting {@code identity} (a node's own clients present the node's). */
    public ChorusClient(ClusterConfig cluster, ClientOptions options, Optional<TlsIdentity> identity) {
        this.options = options;
        this.identity = identity;
        this.router = cluster.router();
        for (GroupSpec g : cluster.groups()) {
            replicasByGroup.put(g.id(), List.copyOf(g.replicas()));
        }
        for (NodeSpec n : cluster.nodes()) {
            HostPort hp = n.raft();
            endpointByNode.put(n.id(), new Endpoint(hp.host(), hp.port()));
        }
        UUID id = UUID.randomUUID();
        this.clientHigh = id.getMostSignificantBits();
        this.clientLow = id.getLeastSignificantBits();
        WireSerializers.registerEnvelopes();
        this.rpc = RpcClients.create(identity, 1000);
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chorus-client-retry");
            t.setDaemon(true);
            return t;
        });
    }

    private static Optional<TlsIdentity> clientIdentity(ClusterConfig cluster) {
        try {
            return TlsIdentity.client(cluster);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The certificate this client presents; other clients built beside it (transactions) present the same. */
    public Optional<TlsIdentity> identity() {
        return identity;
    }

    // ---- synchronous API ------------------------------------------------------------------------------------

    /** The value of {@code key} (linearizable), or empty if absent. */
    public Optional<byte[]> get(byte[] key) {
        return Optional.ofNullable(((KvResponse.Value) await(getAsync(key, KvRead.Consistency.LINEARIZABLE))).value());
    }

    public void put(byte[] key, byte[] value) {
        await(putAsync(key, value));
    }

    public void delete(byte[] key) {
        await(writeAsync(key, new KvCommand.Delete(key)));
    }

    /** Sets {@code key} to {@code newValue} if it currently equals {@code expected} (null = absent). */
    public CasOutcome compareAndSet(byte[] key, byte[] expected, byte[] newValue) {
        KvResponse.CasResult r = (KvResponse.CasResult) await(writeAsync(key, new KvCommand.CompareAndSet(key, expected, newValue)));
        return new CasOutcome(r.succeeded(), r.current());
    }

    /** Applies all mutations atomically; they must all belong to one group. */
    public void batch(List<KvCommand.Mutation> mutations) {
        if (mutations.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        String group = router.routeFor(mutations.get(0).key()).groupId();
        for (KvCommand.Mutation m : mutations) {
            String g = router.routeFor(m.key()).groupId();
            if (!g.equals(group)) {
                throw new IllegalArgumentException("batch spans groups " + group + " and " + g
                        + "; atomic batches are limited to one group (use a transaction)");
            }
        }
        await(writeAsync(mutations.get(0).key(), new KvCommand.Batch(mutations)));
    }

    /**
     * Up to {@code limit} entries with keys in {@code [start, end)} (empty end = to the end of the key space), in key
     * order, read linearizably group by group.
     */
    public List<KvResponse.KeyValue> scan(byte[] start, byte[] end, int limit) {
        List<KvResponse.KeyValue> out = new ArrayList<>();
        for (RangeRouter.Route route : router.routesOverlapping(start, end)) {
            if (out.size() >= limit) {
                break;
            }
            KeyRange r = route.range();
            byte[] from = Keys.compare(start, r.start()) > 0 ? start : r.start();
            byte[] to;
            if (end.length == 0) {
                to = r.end();
            } else if (r.unboundedEnd()) {
                to = end;
            } else {
                to = Keys.compare(end, r.end()) < 0 ? end : r.end();
            }
            // Page through the group: a node answers at most SCAN_PAGE entries per request.
            while (out.size() < limit) {
                int want = Math.min(limit - out.size(), SCAN_PAGE);
                KvRead.Scan scan = new KvRead.Scan(from, to, want, KvRead.Consistency.LINEARIZABLE);
                KvResponse.ScanResult page = (KvResponse.ScanResult) await(send(route.groupId(), new KvRequest.Read(scan), null, 0));
                out.addAll(page.entries());
                if (!page.truncated() || page.entries().isEmpty()) {
                    break;
                }
                byte[] last = page.entries().get(page.entries().size() - 1).key();
                from = java.util.Arrays.copyOf(last, last.length + 1);
            }
        }
        return out;
    }

    /**
     * The replicated clock of {@code groupId} as its leader has applied it ({@code GroupTime}); any entry the group
     * applies after this call returns has a time at least this.
     */
    public long groupTime(String groupId) {
        return groupTimeOf(await(send(groupId, new KvRequest.Read(new KvRead.GroupTime()), null, 0)));
    }

    /** {@link #groupTime} without waiting; the future fails with {@link ChorusException}. */
    public CompletableFuture<Long> groupTimeAsync(String groupId) {
        return send(groupId, new KvRequest.Read(new KvRead.GroupTime()), null, 0).thenApply(ChorusClient::groupTimeOf);
    }

    private static long groupTimeOf(KvResponse response) {
        return java.nio.ByteBuffer.wrap(((KvResponse.Value) response).value()).getLong();
    }

    // ---- asynchronous API -----------------------------------------------------------------------------------

    public CompletableFuture<KvResponse> getAsync(byte[] key, KvRead.Consistency consistency) {
        return send(router.routeFor(key).groupId(), new KvRequest.Read(new KvRead.Get(key, consistency)), null, 0);
    }

    /**
     * Sends {@code read} to {@code groupId} (its leader, unless the read is STALE), with the client's retries; the
     * future fails with {@link ChorusException}.
     */
    public CompletableFuture<KvResponse> readAsync(String groupId, KvRead read) {
        if (!replicasByGroup.containsKey(groupId)) {
            return CompletableFuture.failedFuture(new ChorusException(ErrorCode.UNKNOWN_GROUP, "unknown group '" + groupId + "'"));
        }
        return send(groupId, new KvRequest.Read(read), null, 0);
    }

    public CompletableFuture<KvResponse> putAsync(byte[] key, byte[] value) {
        return writeAsync(key, new KvCommand.Put(key, value));
    }

    /** Sends a write routed by {@code routingKey}; the returned future fails with {@link ChorusException}. */
    public CompletableFuture<KvResponse> writeAsync(byte[] routingKey, KvCommand command) {
        return writeToGroupAsync(router.routeFor(routingKey).groupId(), command);
    }

    /** Sends a write to the leader of {@code groupId}, exactly once however often it is retried. */
    public CompletableFuture<KvResponse> writeToGroupAsync(String groupId, KvCommand command) {
        if (!replicasByGroup.containsKey(groupId)) {
            return CompletableFuture.failedFuture(new ChorusException(ErrorCode.UNKNOWN_GROUP, "unknown group '" + groupId + "'"));
        }
        WriteSession session = sessions.computeIfAbsent(groupId, g -> new WriteSession());
        long seq;
        long firstIncomplete;
        synchronized (session) {
            // Taken together so that no concurrent write can finish between them and raise the reported minimum.
            seq = session.nextSeq.getAndIncrement();
            session.inFlight.add(seq);
            firstIncomplete = session.inFlight.first();
        }
        RequestId id = new RequestId(clientHigh, clientLow, seq, firstIncomplete);
        return send(groupId, new KvRequest.Write(id, command), session, seq);
    }

    private CompletableFuture<KvResponse> send(String groupId, KvRequest request, WriteSession session, long seq) {
        // Any replica answers a stale read: its answer says nothing about who leads.
        boolean fromLeaderOnly = !(request instanceof KvRequest.Read r && r.read().consistency() == KvRead.Consistency.STALE);
        Call call = new Call(groupId, WireCodec.encode(request), session, seq, fromLeaderOnly);
        call.attempt();
        return call.result;
    }

    /** One request and its retries until it succeeds, fails for good, or its deadline passes. */
    private final class Call implements InvokeCallback {
        final String groupId;
        final byte[] body;
        final WriteSession session;
        final long seq;
        final boolean fromLeaderOnly;
        final long deadlineNanos;
        final CompletableFuture<KvResponse> result = new CompletableFuture<>();
        volatile int attempts;
        volatile int lockedRetries;
        volatile String target;
        volatile String lastError = "no attempt made";

        Call(String groupId, byte[] body, WriteSession session, long seq, boolean fromLeaderOnly) {
            this.fromLeaderOnly = fromLeaderOnly;
            this.groupId = groupId;
            this.body = body;
            this.session = session;
            this.seq = seq;
            this.deadlineNanos = System.nanoTime() + options.requestTimeout().toNanos();
        }

        void attempt() {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remainingMs <= 0) {
                finish(null, new ChorusException(ErrorCode.TIMEOUT, "group " + groupId + " gave no answer within "
                        + options.requestTimeout().toMillis() + " ms (last error: " + lastError + ")"));
                return;
            }
            List<String> replicas = replicasByGroup.get(groupId);
            String leader = leaderByGroup.get(groupId);
            target = leader != null ? leader : replicas.get(Math.floorMod(attempts, replicas.size()));
            attempts++;
            try {
                rpc.invokeAsync(endpointByNode.get(target), new RpcEnvelope.Request(groupId, body), this,
                        Math.min(remainingMs, options.attemptTimeout().toMillis()));
            } catch (Exception e) {
                complete(null, e);
            }
        }

        @Override
        public void complete(Object response, Throwable err) {
            String from = target;
            if (err != null) {
                leaderByGroup.remove(groupId, from);
                lastError = from + ": " + rootMessage(err);
                retryAfterBackoff();
                return;
            }
            KvResponse decoded;
            try {
                decoded = WireCodec.decodeResponse(((RpcEnvelope.Response) response).body());
            } catch (ClassCastException | MalformedMessageException e) {
                finish(null, new ChorusException(ErrorCode.INTERNAL, "unreadable answer from " + from + ": " + e.getMessage()));
                return;
            }
            if (!(decoded instanceof KvResponse.Failure f)) {
                if (fromLeaderOnly) {
                    leaderByGroup.put(groupId, from);
                }
                finish(decoded, null);
                return;
            }
            lastError = from + ": " + f.message();
            if (f.code() == ErrorCode.NOT_LEADER) {
                leaderByGroup.remove(groupId, from);
                String hint = f.leaderHint();
                if (hint != null && !hint.equals(from) && endpointByNode.containsKey(hint)) {
                    leaderByGroup.put(groupId, hint);
                    attempt();
                } else {
                    retryAfterBackoff();
                }
            } else if (f.code() == ErrorCode.LOCKED) {
                // A transaction's lock lives for milliseconds (prepare to completion): poll it closely.
                lockedRetries++;
                retryAfter(Math.min(50, 1L << Math.min(lockedRetries, 6)));
            } else if (f.code() == ErrorCode.UNKNOWN_GROUP) {
                // The group exists (this client checked its id); that node just hosts no replica of it any more
                // (a membership change since the cluster file was written): try the others.
                leaderByGroup.remove(groupId, from);
                retryAfterBackoff();
            } else if (f.code().retryable()) {
                retryAfterBackoff();
            } else {
                finish(null, new ChorusException(f.code(), f.message()));
            }
        }

        private void retryAfterBackoff() {
            // Capped low: during a failover the new leader appears within ~electionTimeout, and a long sleep
            // past that point is pure added latency.
            retryAfter(Math.min(200, 10L << Math.min(attempts, 5)));
        }

        private void retryAfter(long base) {
            long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            try {
                retryTimer.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish(null, new ChorusException(ErrorCode.UNAVAILABLE, "client is closed"));
            }
        }

        private void finish(KvResponse response, ChorusException error) {
            if (session != null) {
                session.inFlight.remove(seq);
            }
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(response);
            }
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    private static KvResponse await(CompletableFuture<KvResponse> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ChorusException ce) {
                throw new ChorusException(ce.code(), ce.getMessage());
            }
            throw e;
        }
    }

    /** Waits for a request's answer; failures surface as {@link ChorusException}. */
    public static KvResponse join(CompletableFuture<KvResponse> future) {
        return await(future);
    }

    /** The leader this client currently believes leads {@code groupId}, if any. */
    public Optional<String> cachedLeader(String groupId) {
        return Optional.ofNullable(leaderByGroup.get(groupId));
    }

    public RangeRouter router() {
        return router;
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
        rpc.shutdown();
    }
}
