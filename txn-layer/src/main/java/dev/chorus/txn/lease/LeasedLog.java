package dev.chorus.txn.lease;

import dev.chorus.protocol.KvResponse;
import dev.chorus.routing.Keys;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Durable records that one process at a time drives under a lease, written through serializable transactions: what
 * the saga log and the TCC decision record share. One instance is one owner (a saga runner, a TCC coordinator).
 *
 * <ul>
 *   <li>{@link #create} writes a new record owned by this owner (refusing an id that exists);</li>
 *   <li>{@link #write} records the next version only if, inside the same transaction, this owner still holds the
 *       record and its lease has not run out, and renews the lease; otherwise it throws the log's
 *       lost-ownership exception and writes nothing;</li>
 *   <li>{@link #renewWhileWorking} extends a lease still held, every third of the lease, until closed;</li>
 *   <li>{@link #takeOver} claims an unfinished record whose lease expired (or that is already this owner's);</li>
 *   <li>{@link #list}, {@link #unfinished}, {@link #millisUntilNextLeaseExpires} are what recovery workers scan.</li>
 * </ul>
 * A transition rule checked inside {@link #write} lets a log refuse writes that would break its invariants (the TCC
 * record refuses to change a decision once made).
 */
public final class LeasedLog<R extends LeasedRecord<R>> implements AutoCloseable {

    /** Builds the exception a fenced-off owner gets. */
    public interface LostOwnershipFactory {
        /** Another owner holds the record now. */
        RuntimeException otherOwner(String id, String other);

        /** This owner's lease ran out {@code agoMs} ago. */
        RuntimeException leaseExpired(String id, String owner, long agoMs);
    }

    /** Checked inside {@link #write}, with the stored version: throw to refuse the write. */
    @FunctionalInterface
    public interface Transition<R> {
        Transition<?> ANY = (cur, next) -> {
        };

        void check(R current, R next);
    }

    private final TxnClient txns;
    private final String prefix;
    private final Function<byte[], R> decode;
    private final Duration lease;
    private final String owner;
    private final LostOwnershipFactory lost;
    private final Transition<R> transition;
    private final ScheduledExecutorService leaseTimer;

    @SuppressWarnings("unchecked")
    public LeasedLog(TxnClient txns, String prefix, Function<byte[], R> decode, Duration lease, String ownerPrefix,
                     LostOwnershipFactory lost) {
        this(txns, prefix, decode, lease, ownerPrefix, lost, (Transition<R>) Transition.ANY);
    }

    public LeasedLog(TxnClient txns, String prefix, Function<byte[], R> decode, Duration lease, String ownerPrefix,
                     LostOwnershipFactory lost, Transition<R> transition) {
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("lease too short: " + lease);
        }
        this.txns = txns;
        this.prefix = prefix;
        this.decode = decode;
        this.lease = lease;
        this.owner = ownerPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.lost = lost;
        this.transition = transition;
        this.leaseTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chorus-lease-" + owner);
            t.setDaemon(true);
            return t;
        });
    }

    public String owner() {
        return owner;
    }

    public Duration lease() {
        return lease;
    }

    public byte[] key(String id) {
        return (prefix + id).getBytes(StandardCharsets.UTF_8);
    }

    /** The stored record, read outside any transaction. */
    public Optional<R> get(String id) {
        return txns.kv().get(key(id)).map(decode);
    }

    /**
     * Writes the first version of a new record, owned by this owner with a lease counted from the attempt that
     * writes it (a slow first commit does not eat into it). {@code first} gets the lease's end.
     */
    public R create(String id, java.util.function.LongFunction<R> first) {
        return txns.run(t -> {
            if (t.get(key(id)).isPresent()) {
                throw new IllegalStateException(prefix + id + " exists");
            }
            R r = first.apply(System.currentTimeMillis() + lease.toMillis());
            t.put(key(id), r.encode());
            return r;
        });
    }

    /** Claims an unfinished record whose lease expired (or that this owner already holds); empty otherwise. */
    public Optional<R> takeOver(String id) {
        return Optional.ofNullable(txns.run(t -> {
            R cur = t.get(key(id)).map(decode).orElse(null);
            long now = System.currentTimeMillis();
            if (cur == null || cur.finished() || (cur.leaseUntilMs() > now && !owner.equals(cur.owner()))) {
                return null;
            }
            R mine = cur.ownedBy(owner, now + lease.toMillis());
            t.put(key(id), mine.encode());
            return mine;
        }));
    }

    /**
     * Writes {@code next} if this owner still holds the record and its lease has not run out, renewing the lease.
     * Owner, lease and transition rule are checked inside the same serializable transaction as the write, so an
     * owner that stalled past its lease (and may have been taken over, or be about to be) never records anything
     * over what the new owner does.
     */
    public R write(R next) {
        return txns.run(t -> {
            R cur = t.get(key(next.id())).map(decode).orElse(null);
            long now = System.currentTimeMillis();
            if (cur != null && !owner.equals(cur.owner())) {
                throw lost.otherOwner(next.id(), cur.owner());
            }
            if (cur != null && cur.leaseUntilMs() <= now) {
                throw lost.leaseExpired(next.id(), owner, now - cur.leaseUntilMs());
            }
            if (cur != null) {
                transition.check(cur, next);
            }
            R mine = next.ownedBy(owner, now + lease.toMillis());
            t.put(key(next.id()), mine.encode());
            return mine;
        });
    }

    /** Stops the renewals of {@link #renewWhileWorking}. */
    public interface Renewal extends AutoCloseable {
        @Override
        void close();
    }

    /** Renews the lease of {@code id} every third of the lease until the returned handle is closed. */
    public Renewal renewWhileWorking(String id) {
        long every = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal = leaseTimer.scheduleWithFixedDelay(() -> renew(id), every, every, TimeUnit.MILLISECONDS);
        return () -> renewal.cancel(false);
    }

    private void renew(String id) {
        try {
            txns.run(t -> {
                R cur = t.get(key(id)).map(decode).orElse(null);
                // Only a lease still held is extended: one that ran out belongs to whoever recovers the record.
                if (cur != null && owner.equals(cur.owner()) && !cur.finished()
                        && cur.leaseUntilMs() > System.currentTimeMillis()) {
                    t.put(key(id), cur.ownedBy(owner, System.currentTimeMillis() + lease.toMillis()).encode());
                }
                return null;
            }, 3);
        } catch (TxnException e) {
            // the next renewal or the next write tries again
        }
    }

    /** Every record under {@code prefix} in the cluster. */
    public static <R> List<R> list(TxnClient txns, String prefix, Function<byte[], R> decode) {
        List<R> out = new ArrayList<>();
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        for (KvResponse.KeyValue kv : txns.kv().scan(start, Keys.prefixEnd(start), 100_000)) {
            out.add(decode.apply(kv.value()));
        }
        return out;
    }

    public List<R> list() {
        return list(txns, prefix, decode);
    }

    /** The unfinished records. */
    public List<R> unfinished() {
        return list().stream().filter(r -> !r.finished()).toList();
    }

    /** Time until the earliest lease of these records expires (0 if one already has), or -1 if there are none. */
    public static long millisUntilNextLeaseExpires(List<? extends LeasedRecord<?>> records) {
        long now = System.currentTimeMillis();
        return records.stream().mapToLong(r -> Math.max(0, r.leaseUntilMs() - now)).min().orElse(-1);
    }

    @Override
    public void close() {
        leaseTimer.shutdownNow();
    }
}
