package dev.chorus.txn.client;

import dev.chorus.client.ChorusClient;
import dev.chorus.participant.TxnLimits;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnCommitRequest;
import dev.chorus.routing.KeyRange;
import dev.chorus.routing.Keys;
import dev.chorus.routing.RangeRouter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One interactive transaction. Reads go to the cluster at once (linearizable, waiting out other transactions'
 * write locks) and are remembered; writes are buffered. {@link #commit()} hands reads, scanned ranges and writes to
 * a coordinator, which commits only if every read is still current while the transaction holds locks on all of its
 * keys: the result is serializable (strictly: it takes effect between commit's call and return).
 *
 * <p>States: ACTIVE until commit or rollback, then COMMITTED, ABORTED (nothing took effect), ROLLED_BACK, or
 * UNKNOWN (commit could not learn the outcome; it may have committed).
 *
 * <p>Reads inside the transaction see its own writes. Values read before commit may be inconsistent with each
 * other (optimistic execution); such a transaction can never commit, so act on its values only after commit, or
 * run it through {@link TxnClient#run}, which retries. Not thread-safe: one thread per transaction.
 */
public final class Transaction {
    public enum State {
        ACTIVE, COMMITTED, ABORTED, ROLLED_BACK,
        /**
         * Commit could not learn the outcome (the primary group stayed unreachable): the transaction may have
         * committed or not. Never retry it blindly; read the data to find out.
         */
        UNKNOWN
    }

    private final TxnClient owner;
    private final ChorusClient kv;
    private final TxnLimits limits;
    private final String id = UUID.randomUUID().toString();
    private final Map<ByteBuffer, byte[]> reads = new LinkedHashMap<>();
    private final Map<ByteBuffer, KvCommand.Mutation> writes = new LinkedHashMap<>();
    private final List<KvCommand.RangeCheck> ranges = new ArrayList<>();
    private int rangeEntries;
    private long bytes;
    private State state = State.ACTIVE;

    Transaction(TxnClient owner, ChorusClient kv, TxnLimits limits) {
        this.owner = owner;
        this.kv = kv;
        this.limits = limits;
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    /** The value of {@code key} as this transaction sees it, or empty if absent. */
    public Optional<byte[]> get(byte[] key) {
        requireActive("get");
        ByteBuffer k = ByteBuffer.wrap(key);
        KvCommand.Mutation own = writes.get(k);
        if (own != null) {
            return own instanceof KvCommand.Put p ? Optional.of(p.value()) : Optional.empty();
        }
        if (reads.containsKey(k)) {
            return Optional.ofNullable(reads.get(k));
        }
        byte[] value = kv.get(key).orElse(null);
        account(key, value);
        reads.put(k, value);
        return Optional.ofNullable(value);
    }

    /**
     * Up to {@code limit} entries in {@code [start, end)} (empty end = to the end of the key space) as this
     * transaction sees them. The scanned ranges are validated at commit: a key added, changed or removed in them by
     * anyone else aborts the transaction (no phantoms).
     */
    public List<KvResponse.KeyValue> scan(byte[] start, byte[] end, int limit) {
        requireActive("scan");
        if (limit < 1) {
            throw new TxnException(TxnException.Kind.INVALID, "scan limit must be positive");
        }
        TreeMap<byte[], byte[]> merged = new TreeMap<>(Keys::compare);
        // Own writes can hide or add entries, so read enough committed ones to fill the page after merging.
        int want = Math.min(limit + countOwnWritesIn(start, end), limits.maxKeys());
        RangeRouter router = kv.router();
        for (RangeRouter.Route route : router.routesOverlapping(start, end)) {
            KeyRange r = route.range();
            byte[] from = Keys.compare(start, r.start()) > 0 ? start : r.start();
            byte[] to = end.length == 0 ? r.end() : (r.unboundedEnd() || Keys.compare(end, r.end()) < 0 ? end : r.end());
            List<KvResponse.KeyValue> page = kv.scan(from, to, want + 1);
            boolean truncated = page.size() > want;
            List<KvResponse.KeyValue> seen = truncated ? page.subList(0, want) : page;
            // What was read is what is validated: a truncated page covers the range up to its last key only.
            byte[] coveredEnd = truncated ? successor(seen.get(seen.size() - 1).key()) : to;
            ranges.add(new KvCommand.RangeCheck(from, coveredEnd, seen));
            rangeEntries += seen.size();
            if (rangeEntries + reads.size() + writes.size() > limits.maxKeys()) {
                throw tooLarge();
            }
            for (KvResponse.KeyValue e : seen) {
                merged.put(e.key(), e.value());
            }
            if (truncated) {
                end = coveredEnd;
                break;
            }
        }
        for (KvCommand.Mutation m : writes.values()) {
            byte[] k = m.key();
            if (Keys.compare(k, start) >= 0 && (end.length == 0 || Keys.compare(k, end) < 0)) {
                if (m instanceof KvCommand.Put p) {
                    merged.put(k, p.value());
                } else {
                    merged.remove(k);
                }
            }
        }
        List<KvResponse.KeyValue> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : merged.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            out.add(new KvResponse.KeyValue(e.getKey(), e.getValue()));
        }
        return out;
    }

    public void put(byte[] key, byte[] value) {
        requireActive("put");
        account(key, value);
        writes.put(ByteBuffer.wrap(key), new KvCommand.Put(key, value));
    }

    public void delete(byte[] key) {
        requireActive("delete");
        account(key, null);
        writes.put(ByteBuffer.wrap(key), new KvCommand.Delete(key));
    }

    /**
     * Commits; returns only when the transaction is committed. Throws {@link TxnException}: ABORTED (retryable;
     * nothing of it took effect; state ABORTED), UNKNOWN (the outcome could not be learned: it may have committed;
     * state UNKNOWN, do not simply run it again), INVALID (misuse).
     */
    public void commit() {
        requireActive("commit");
        if (reads.isEmpty() && writes.isEmpty() && ranges.isEmpty()) {
            state = State.ROLLED_BACK;
            throw new TxnException(TxnException.Kind.INVALID, "empty transaction: nothing was read or written");
        }
        List<KvCommand.ReadCheck> readChecks = new ArrayList<>();
        reads.forEach((k, v) -> readChecks.add(new KvCommand.ReadCheck(k.array(), v)));
        // The deadline is fixed by the client at commit (TxnClient#commit), before anyone acts on the transaction.
        TxnCommitRequest txn = new TxnCommitRequest(id, 0, readChecks, ranges, List.copyOf(writes.values()));
        try {
            owner.commit(txn);
            state = State.COMMITTED;
        } catch (TxnException e) {
            // An unknown outcome stays unknown: calling it aborted would invite the caller to apply it a second time.
            state = e.kind() == TxnException.Kind.UNKNOWN ? State.UNKNOWN : State.ABORTED;
            throw e;
        }
    }

    /**
     * Abandons the transaction. Nothing was locked yet, so nothing needs undoing on the cluster. Refused once the
     * transaction committed, or may have (UNKNOWN): nothing can take that back.
     */
    public void rollback() {
        if (state == State.COMMITTED) {
            throw new TxnException(TxnException.Kind.INVALID, "transaction " + id + " is already committed; cannot roll back");
        }
        if (state == State.UNKNOWN) {
            throw new TxnException(TxnException.Kind.INVALID, "transaction " + id
                    + " may have committed (outcome unknown); cannot roll back");
        }
        state = state == State.ACTIVE ? State.ROLLED_BACK : state;
    }

    private void requireActive(String op) {
        if (state != State.ACTIVE) {
            throw new TxnException(TxnException.Kind.INVALID, op + " on a transaction that is " + state.name().toLowerCase()
                    .replace('_', ' '));
        }
    }

    private void account(byte[] key, byte[] value) {
        bytes += key.length + (value == null ? 0 : value.length);
        if (bytes > limits.maxBytes() || reads.size() + writes.size() + rangeEntries + 1 > limits.maxKeys()) {
            throw tooLarge();
        }
    }

    private TxnException tooLarge() {
        state = State.ABORTED;
        return new TxnException(TxnException.Kind.INVALID, "transaction too large: the limit is " + limits.maxKeys()
                + " keys and " + limits.maxBytes() + " bytes");
    }

    private int countOwnWritesIn(byte[] start, byte[] end) {
        int n = 0;
        for (KvCommand.Mutation m : writes.values()) {
            if (Keys.compare(m.key(), start) >= 0 && (end.length == 0 || Keys.compare(m.key(), end) < 0)) {
                n++;
            }
        }
        return n;
    }

    private static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }
}
