package dev.chorus.txn.client;

import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.util.Endpoint;
import dev.chorus.client.ChorusClient;
import dev.chorus.client.ChorusException;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.participant.TxnLimits;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnCommitRequest;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.protocol.WireCodec;
import dev.chorus.rpc.RpcClients;
import dev.chorus.txn.coordinator.CommitRpc;
import dev.chorus.txn.coordinator.TxnCoordinator;
import dev.chorus.txn.coordinator.TxnPlan;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Entry point of the transaction API: {@link #begin()} for an interactive transaction, {@link #run} for a
 * transaction body retried on conflict.
 *
 * <p>Commit hands the transaction to the coordinator on the node that leads its primary group (any node can
 * coordinate). If that node does not answer, the client asks the transaction record itself: a record still PENDING
 * past its TTL (or missing) is aborted by that very question, so the client always learns a definite outcome unless
 * the primary group itself is unreachable.
 */
public final class TxnClient implements AutoCloseable {
    /**
     * How long a commit waits. {@code coordinator}: for the coordinator's answer; {@code resolve}: after that, for the
     * primary group to tell the outcome; past both the commit ends UNKNOWN.
     */
    public record Timeouts(Duration coordinator, Duration resolve) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(20));

        public Timeouts {
            if (coordinator.isNegative() || coordinator.isZero() || resolve.isNegative() || resolve.isZero()) {
                throw new IllegalArgumentException("transaction timeouts must be positive");
            }
        }
    }

    private final ClusterConfig cluster;
    private final ChorusClient kv;
    private final boolean ownsKv;
    private final RpcClient rpc;
    private final TxnLimits limits;
    private final Timeouts timeouts;
    private volatile long lifetimeMs = DEFAULT_LIFETIME_MS;

    /**
     * How long, in the primary group's time, a transaction's commands may take effect after its commit starts; past
     * that every group refuses them (see {@code TxnDeadlines}). Far above a commit's normal duration.
     */
    public static final long DEFAULT_LIFETIME_MS = 10_000;

    /** A transaction body; may be run several times, so it must not have effects outside the transaction. */
    @FunctionalInterface
    public interface Body<T> {
        T apply(Transaction txn);
    }

    public TxnClient(ClusterConfig cluster) {
        this(cluster, Timeouts.DEFAULT);
    }

    public TxnClient(ClusterConfig cluster, Timeouts timeouts) {
        this(cluster, new ChorusClient(cluster), true, timeouts);
    }

    /** Shares {@code kv} (not closed by {@link #close}). */
    public TxnClient(ClusterConfig cluster, ChorusClient kv) {
        this(cluster, kv, false, Timeouts.DEFAULT);
    }

    /** Shares {@code kv} (not closed by {@link #close}). */
    public TxnClient(ClusterConfig cluster, ChorusClient kv, Timeouts timeouts) {
        this(cluster, kv, false, timeouts);
    }

    private TxnClient(ClusterConfig cluster, ChorusClient kv, boolean ownsKv, Timeouts timeouts) {
        this.cluster = cluster;
        this.kv = kv;
        this.ownsKv = ownsKv;
        this.timeouts = timeouts;
        this.limits = TxnLimits.DEFAULT;
        CommitRpc.registerSerializer();
        this.rpc = RpcClients.create(kv.identity(), 1000);
    }

    /** Shortens (or lengthens, up to {@code TxnDeadlines.MAX_LIFETIME_MS}) the lifetime of later commits. */
    public void lifetime(java.time.Duration lifetime) {
        long ms = lifetime.toMillis();
        if (ms <= 0 || ms > dev.chorus.participant.TxnDeadlines.MAX_LIFETIME_MS) {
            throw new IllegalArgumentException("a transaction lifetime lies within 1.."
                    + dev.chorus.participant.TxnDeadlines.MAX_LIFETIME_MS + " ms");
        }
        this.lifetimeMs = ms;
    }

    public Transaction begin() {
        return new Transaction(this, kv, limits);
    }

    /**
     * Runs {@code body} in a transaction and commits, retrying aborted attempts up to 20 times with backoff. An attempt
     * whose outcome is unknown is never retried (it may have committed; running the body again could apply it
     * twice): that {@link TxnException} (kind UNKNOWN) reaches the caller.
     */
    public <T> T run(Body<T> body) {
        return run(body, 20);
    }

    public <T> T run(Body<T> body, int maxAttempts) {
        TxnException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Transaction txn = begin();
            try {
                T result = body.apply(txn);
                txn.commit();
                return result;
            } catch (TxnException e) {
                if (txn.state() == Transaction.State.ACTIVE) {
                    txn.rollback(); // the body gave up before commit
                }
                if (e.kind() == TxnException.Kind.UNKNOWN || !e.retryable()) {
                    throw e;
                }
                last = e;
            }
            long cap = Math.min(200, 2L << Math.min(attempt, 7));
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TxnException(TxnException.Kind.ABORTED, "interrupted while retrying");
            }
        }
        throw new TxnException(TxnException.Kind.ABORTED, "gave up after " + maxAttempts + " attempts; last: "
                + last.getMessage());
    }

    /**
     * Reads {@code keys} as of one instant, however they are spread over groups: read-locks them in every group at
     * once (one Raft round per group, in parallel), reads under the locks, then releases them. Unlike an optimistic
     * transaction this does not fail because values change while it reads, only when a commit holds one of the
     * keys at that moment, and then it retries. Returns the values of the keys that exist.
     */
    public Map<ByteBuffer, byte[]> readSnapshot(List<byte[]> keys) {
        return readSnapshot(keys, (attempt, group) -> { });
    }

    /** Called before a snapshot read sends its lock-read to a group: lets tests delay one group's lock-read. */
    @FunctionalInterface
    interface LockReadHook {
        void beforeLockRead(int attempt, String group);
    }

    /**
     * {@link #readSnapshot(List)} with a hook. Over several groups, the lock-read to the first (primary) group also
     * creates a PENDING record; once every lock-read has answered, the client commits that record. A resolver
     * releases an expired lock of the read only after aborting the record, so a successful commit proves that every
     * lock was held at that instant, and the values read under them are one snapshot; an aborted record means one
     * lock may have been released early (a lock-read delayed past its TTL), and the read is retried.
     */
    Map<ByteBuffer, byte[]> readSnapshot(List<byte[]> keys, LockReadHook hook) {
        if (keys.isEmpty() || keys.size() > limits.maxKeys()) {
            throw new TxnException(TxnException.Kind.INVALID, "a snapshot read takes 1.." + limits.maxKeys() + " keys");
        }
        Map<String, List<byte[]>> byGroup = new LinkedHashMap<>();
        for (byte[] k : keys) {
            byGroup.computeIfAbsent(kv.router().routeFor(k).groupId(), g -> new ArrayList<>()).add(k);
        }
        String primary = byGroup.keySet().iterator().next();
        // In one group a single lock-read reads every key in one Raft entry: atomic without a record.
        List<String> participants = byGroup.size() > 1 ? List.copyOf(byGroup.keySet()) : List.of();
        String last = "";
        for (int attempt = 1; attempt <= 50; attempt++) {
            String id = UUID.randomUUID().toString();
            Map<String, CompletableFuture<KvResponse>> reads = new LinkedHashMap<>();
            for (Map.Entry<String, List<byte[]>> e : byGroup.entrySet()) {
                String g = e.getKey();
                hook.beforeLockRead(attempt, g);
                reads.put(g, kv.writeToGroupAsync(g, new KvCommand.TxnLockRead(id, primary, 0,
                        TxnCoordinator.DEFAULT_TTL_MS, e.getValue(), g.equals(primary) ? participants : List.of())));
            }
            Map<ByteBuffer, byte[]> values = new HashMap<>();
            boolean all = true;
            for (CompletableFuture<KvResponse> f : reads.values()) {
                try {
                    KvResponse r = ChorusClient.join(f);
                    if (r instanceof KvResponse.ScanResult page) {
                        page.entries().forEach(e -> values.put(ByteBuffer.wrap(e.key()), e.value()));
                    } else {
                        all = false;
                        last = r instanceof KvResponse.TxnOutcome o ? o.detail() : r.toString();
                    }
                } catch (ChorusException e) {
                    all = false;
                    last = e.getMessage();
                }
            }
            boolean held = all && (participants.isEmpty() || heldTogether(id, primary));
            // Release everywhere, also where a lock-read failed or is still in flight (it is refused afterwards).
            if (participants.isEmpty() || !held) {
                if (!participants.isEmpty()) {
                    kv.writeToGroupAsync(primary, new KvCommand.TxnDecide(id, KvCommand.Decision.ABORT, 0));
                }
                byGroup.keySet().forEach(g -> kv.writeToGroupAsync(g, new KvCommand.TxnComplete(id, false)));
            } else {
                TxnCoordinator.completeAsync(kv, id, primary, participants, true);
            }
            if (held) {
                return values;
            }
            if (all) {
                last = "a lock of the read was released before all were held (a lock-read was late)";
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(2, 2L + Math.min(100, 4L * attempt)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new TxnException(TxnException.Kind.ABORTED, "snapshot read kept meeting locks; last: " + last);
    }

    /** Commits a snapshot read's record: true if no lock of the read can have been released before this point. */
    private boolean heldTogether(String id, String primary) {
        try {
            KvResponse r = ChorusClient.join(kv.writeToGroupAsync(primary, new KvCommand.TxnDecide(id, KvCommand.Decision.COMMIT, 0)));
            return r instanceof KvResponse.TxnOutcome o && o.verdict() == TxnVerdict.COMMITTED;
        } catch (ChorusException e) {
            return false;
        }
    }

    /**
     * Commits a whole transaction; returns normally only if it committed. First fixes the transaction's deadline in
     * its primary group's time: a replica's group time now is a lower bound of the time at which that group applies
     * anything about this transaction, including an abort tombstone this client may write below, so every group
     * keeps that tombstone for as long as a late command of the transaction could still be accepted.
     */
    void commit(TxnCommitRequest unstamped) {
        TxnPlan plan;
        try {
            plan = TxnPlan.of(unstamped, kv.router());
        } catch (IllegalArgumentException e) {
            throw new TxnException(TxnException.Kind.INVALID, e.getMessage());
        }
        long deadline;
        try {
            deadline = kv.groupTime(plan.primaryGroup()) + lifetimeMs;
        } catch (ChorusException e) {
            throw new TxnException(TxnException.Kind.ABORTED, "ABORTED: cannot reach primary group "
                    + plan.primaryGroup() + " to start the commit: " + e.getMessage());
        }
        TxnCommitRequest txn = unstamped.withDeadline(deadline);
        String coordinator = coordinatorFor(plan.primaryGroup());
        NodeSpec node = cluster.node(coordinator).orElseThrow();
        KvResponse.TxnOutcome outcome;
        try {
            Object resp = rpc.invokeSync(new Endpoint(node.raft().host(), node.raft().port()),
                    new CommitRpc.Request(WireCodec.encode(txn)), timeouts.coordinator().toMillis());
            outcome = (KvResponse.TxnOutcome) WireCodec.decodeResponse(((dev.chorus.protocol.RpcEnvelope.Response) resp).body());
        } catch (Exception e) {
            outcome = new KvResponse.TxnOutcome(TxnVerdict.OUTCOME_UNKNOWN, "coordinator " + coordinator + " did not answer: "
                    + e.getMessage());
        }
        if (outcome.verdict() == TxnVerdict.OUTCOME_UNKNOWN) {
            outcome = resolve(txn.txnId(), deadline, plan.primaryGroup(), outcome.detail());
        }
        switch (outcome.verdict()) {
            case COMMITTED -> {
            }
            case ABORTED, CONFLICT -> throw new TxnException(TxnException.Kind.ABORTED, "ABORTED: " + outcome.detail());
            case REFUSED -> throw new TxnException(TxnException.Kind.INVALID, "refused: " + outcome.detail());
            default -> throw new TxnException(TxnException.Kind.UNKNOWN, "outcome unknown: " + outcome.detail());
        }
    }

    /**
     * Learns the outcome from the record after the coordinator was lost: asks it to abort if expired, until it is
     * decided. A record that is still within its TTL is left alone (its coordinator may still be working).
     */
    private KvResponse.TxnOutcome resolve(String txnId, long txnDeadline, String primaryGroup, String why) {
        long deadline = System.nanoTime() + timeouts.resolve().toNanos();
        String last = why;
        while (System.nanoTime() < deadline) {
            try {
                // Each question is bounded by what is left of the deadline, not by the client's longer request timeout.
                KvResponse r = kv.writeToGroupAsync(primaryGroup,
                        new KvCommand.TxnDecide(txnId, KvCommand.Decision.ABORT_IF_EXPIRED, txnDeadline))
                        .get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                if (!(r instanceof KvResponse.TxnOutcome o)) {
                    throw new ChorusException(ErrorCode.INTERNAL, "unexpected answer " + r);
                }
                if (o.verdict() == TxnVerdict.COMMITTED) {
                    return o;
                }
                if (o.verdict() == TxnVerdict.ABORTED) {
                    return new KvResponse.TxnOutcome(TxnVerdict.ABORTED, "coordinator lost (" + why + "); the record says aborted");
                }
                last = "record still pending";
            } catch (ChorusException e) {
                last = e.getMessage();
            } catch (java.util.concurrent.ExecutionException e) {
                last = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            } catch (java.util.concurrent.TimeoutException e) {
                last = "primary group " + primaryGroup + " did not answer";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(Math.min(250, TxnCoordinator.DEFAULT_TTL_MS / 4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new KvResponse.TxnOutcome(TxnVerdict.OUTCOME_UNKNOWN, last);
    }

    private String coordinatorFor(String group) {
        return kv.cachedLeader(group).orElseGet(() -> {
            GroupSpec spec = cluster.group(group).orElseThrow();
            List<String> replicas = spec.replicas();
            return spec.preferredLeader() != null ? spec.preferredLeader()
                    : replicas.get(ThreadLocalRandom.current().nextInt(replicas.size()));
        });
    }

    public ChorusClient kv() {
        return kv;
    }

    @Override
    public void close() {
        rpc.shutdown();
        if (ownsKv) {
            kv.close();
        }
    }
}
