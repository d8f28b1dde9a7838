package dev.chorus.participant;

import dev.chorus.protocol.ByteReader;
import dev.chorus.protocol.ByteWriter;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.routing.Keys;
import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.Family;
import dev.chorus.storage.GroupStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The participant side of Chorus transactions: applies the {@link KvCommand.TxnCommand}s of one group's log to its
 * store, and tells plain reads and writes whether a transaction holds their key.
 *
 * <p>Everything here runs inside the group's state machine, so it is deterministic (time is the group's replicated
 * clock, {@link ApplyBatch#time}, never a local one) and every replica reaches the same locks, intents, records and
 * states. Deadlines and what may be forgotten follow {@link TxnDeadlines}.
 *
 * <p>Invariants: a key carries at most one lock; a key under a lock or inside another transaction's range lock is
 * never changed by anyone but the lock's transaction; a participant state, once COMMITTED or ABORTED, never goes
 * back, so a late prepare cannot take locks again; a record leaves PENDING exactly once.
 */
public final class TxnParticipant {
    private static final int RANGE_SCAN_CAP = 100_000;

    /** Told what this replica applied, for events and failpoints. */
    public interface Observer {
        void prepared(String txnId);

        void decided(String txnId, TxnState state);

        void completed(String txnId, boolean commit);
    }

    private TxnParticipant() {
    }

    // ---- apply --------------------------------------------------------------------------------------------

    public static KvResponse apply(ApplyBatch b, KvCommand command, Observer observer) {
        if (command instanceof KvCommand.TxnPrepare p) {
            return prepare(b, p, observer);
        } else if (command instanceof KvCommand.TxnOnePhase o) {
            return onePhase(b, o, observer);
        } else if (command instanceof KvCommand.TxnLockRead r) {
            return lockRead(b, r);
        } else if (command instanceof KvCommand.TxnDecide d) {
            return decide(b, d, observer);
        } else if (command instanceof KvCommand.TxnComplete c) {
            return complete(b, c.txnId(), c.commit(), observer);
        } else if (command instanceof KvCommand.TxnFinish f) {
            TxnRecord r = record(b, f.txnId());
            if (r != null && r.state() != TxnState.PENDING && !r.finished()) {
                b.put(Family.TXN, recordKey(f.txnId()), r.asFinished().encode());
            }
            return outcome(r == null ? TxnVerdict.ABORTED : verdictOf(r.state()), null);
        } else if (command instanceof KvCommand.TxnForget f) {
            long now = b.time();
            for (String id : f.txnIds()) {
                TxnRecord r = record(b, id);
                if (r != null && r.forgettableAt(now)) {
                    b.delete(Family.TXN, recordKey(id));
                }
                ParticipantState s = state(b, id);
                if (s != null && s.forgettableAt(now)) {
                    b.delete(Family.TXN, stateKey(id));
                }
            }
            return new KvResponse.Done();
        }
        throw new IllegalArgumentException("not a transaction command: " + command);
    }

    private static KvResponse prepare(ApplyBatch b, KvCommand.TxnPrepare p, Observer observer) {
        ParticipantState existing = state(b, p.txnId());
        if (existing != null) {
            return existing.state() == TxnState.PENDING ? outcome(TxnVerdict.PREPARED, "already prepared")
                    : outcome(TxnVerdict.REFUSED, "transaction " + p.txnId() + " already " + existing.state());
        }
        boolean primary = !p.participants().isEmpty();
        if (primary && record(b, p.txnId()) != null) {
            return outcome(TxnVerdict.REFUSED, "transaction " + p.txnId() + " was already decided");
        }
        long now = b.time();
        String late = TxnDeadlines.refusal(p.deadlineMs(), now);
        if (late != null) {
            return outcome(TxnVerdict.REFUSED, "prepare of " + p.txnId() + " refused: " + late);
        }
        String conflict = conflict(b, p.txnId(), p.reads(), p.ranges(), p.writes());
        if (conflict != null) {
            return outcome(TxnVerdict.CONFLICT, conflict);
        }
        Map<ByteBuffer, LockRecord> locks = new LinkedHashMap<>();
        for (KvCommand.ReadCheck r : p.reads()) {
            locks.put(ByteBuffer.wrap(r.key()), new LockRecord(p.txnId(), p.primaryGroup(), false, null, now, p.ttlMs()));
        }
        for (KvCommand.Mutation m : p.writes()) {
            byte[] value = m instanceof KvCommand.Put put ? put.value() : null;
            locks.put(ByteBuffer.wrap(m.key()), new LockRecord(p.txnId(), p.primaryGroup(), true, value, now, p.ttlMs()));
        }
        List<byte[]> keys = new ArrayList<>();
        for (Map.Entry<ByteBuffer, LockRecord> e : locks.entrySet()) {
            byte[] key = e.getKey().array();
            b.put(Family.LOCK, key, e.getValue().encode());
            keys.add(key);
        }
        for (int i = 0; i < p.ranges().size(); i++) {
            KvCommand.RangeCheck r = p.ranges().get(i);
            b.put(Family.RANGE_LOCK, rangeLockKey(p.txnId(), i),
                    new ByteWriter().putBytes(r.start()).putBytes(r.end()).putString(p.txnId()).toByteArray());
        }
        b.put(Family.TXN, stateKey(p.txnId()),
                new ParticipantState(TxnState.PENDING, p.primaryGroup(), now, keys, p.ranges().size(), p.deadlineMs(), 0).encode());
        if (primary) {
            b.put(Family.TXN, recordKey(p.txnId()), new TxnRecord(p.txnId(), TxnState.PENDING, p.participants(),
                    p.coordinator(), now, p.ttlMs(), 0, false, p.deadlineMs()).encode());
        }
        observer.prepared(p.txnId());
        return outcome(TxnVerdict.PREPARED, null);
    }

    private static KvResponse lockRead(ApplyBatch b, KvCommand.TxnLockRead r) {
        ParticipantState existing = state(b, r.txnId());
        if (existing != null && existing.state() != TxnState.PENDING) {
            return outcome(TxnVerdict.REFUSED, "transaction " + r.txnId() + " already " + existing.state());
        }
        boolean primary = !r.participants().isEmpty();
        if (primary && record(b, r.txnId()) != null) {
            return outcome(TxnVerdict.REFUSED, "snapshot read " + r.txnId() + " was already decided");
        }
        long now = b.time();
        String late = TxnDeadlines.refusal(r.deadlineMs(), now);
        if (late != null) {
            return outcome(TxnVerdict.REFUSED, "lock-read of " + r.txnId() + " refused: " + late);
        }
        for (byte[] key : r.keys()) {
            String held = foreignLock(b, key, r.txnId());
            if (held != null) {
                return outcome(TxnVerdict.CONFLICT, held);
            }
        }
        List<KvResponse.KeyValue> values = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        for (byte[] key : r.keys()) {
            if (b.get(Family.LOCK, key) == null) {
                b.put(Family.LOCK, key, new LockRecord(r.txnId(), r.primaryGroup(), false, null, now, r.ttlMs()).encode());
            }
            keys.add(key);
            byte[] value = b.get(key);
            if (value != null) {
                values.add(new KvResponse.KeyValue(key, value));
            }
        }
        if (existing == null) {
            b.put(Family.TXN, stateKey(r.txnId()), new ParticipantState(TxnState.PENDING, r.primaryGroup(), now,
                    keys, 0, r.deadlineMs(), 0).encode());
        }
        if (primary) {
            b.put(Family.TXN, recordKey(r.txnId()), new TxnRecord(r.txnId(), TxnState.PENDING, r.participants(), "",
                    now, r.ttlMs(), 0, false, r.deadlineMs()).encode());
        }
        return new KvResponse.ScanResult(values, false);
    }

    private static KvResponse onePhase(ApplyBatch b, KvCommand.TxnOnePhase o, Observer observer) {
        TxnRecord existing = record(b, o.txnId());
        if (existing != null) {
            // Decided before: committed by an earlier copy, or aborted by a client that lost its coordinator.
            return existing.state() == TxnState.COMMITTED ? outcome(TxnVerdict.COMMITTED, "already committed")
                    : outcome(TxnVerdict.REFUSED, "transaction " + o.txnId() + " was aborted");
        }
        long now = b.time();
        String late = TxnDeadlines.refusal(o.deadlineMs(), now);
        if (late != null) {
            return outcome(TxnVerdict.REFUSED, "transaction " + o.txnId() + " refused: " + late);
        }
        String conflict = conflict(b, o.txnId(), o.reads(), o.ranges(), o.writes());
        if (conflict != null) {
            return outcome(TxnVerdict.CONFLICT, conflict);
        }
        for (KvCommand.Mutation m : o.writes()) {
            applyMutation(b, m);
        }
        // A finished COMMITTED record answers a client that lost its coordinator and asks (TxnDecide) what happened.
        b.put(Family.TXN, recordKey(o.txnId()), new TxnRecord(o.txnId(), TxnState.COMMITTED, List.of(), "", now, 0,
                now, true, o.deadlineMs()).encode());
        observer.decided(o.txnId(), TxnState.COMMITTED);
        return outcome(TxnVerdict.COMMITTED, null);
    }

    private static KvResponse decide(ApplyBatch b, KvCommand.TxnDecide d, Observer observer) {
        TxnRecord r = record(b, d.txnId());
        long now = b.time();
        if (r == null) {
            // No record: the primary never prepared (or the coordinator died before). Leave an ABORTED tombstone so
            // that a late primary prepare is refused and the transaction can never commit; it is kept until the
            // transaction's deadline has passed here (TxnDeadlines), after which that prepare is refused anyway.
            ParticipantState own = state(b, d.txnId());
            if (own == null) {
                b.put(Family.TXN, stateKey(d.txnId()), new ParticipantState(TxnState.ABORTED, "", now, List.of(), 0,
                        d.deadlineMs(), now).encode());
            }
            b.put(Family.TXN, recordKey(d.txnId()), new TxnRecord(d.txnId(), TxnState.ABORTED, List.of(), "", now, 0,
                    now, true, d.deadlineMs()).encode());
            observer.decided(d.txnId(), TxnState.ABORTED);
            return outcome(TxnVerdict.ABORTED, "no transaction record (never prepared in its primary group)");
        }
        if (r.state() != TxnState.PENDING) {
            return outcome(verdictOf(r.state()), null);
        }
        // A commit decision past the deadline aborts instead: whoever reached the deadline first may already have
        // been told, or have told others, that the transaction cannot commit.
        String late = d.decision() == KvCommand.Decision.COMMIT ? TxnDeadlines.refusal(r.deadlineMs(), now) : null;
        TxnState target = switch (d.decision()) {
            case COMMIT -> late == null ? TxnState.COMMITTED : TxnState.ABORTED;
            case ABORT -> TxnState.ABORTED;
            case ABORT_IF_EXPIRED -> r.expiredAt(now) ? TxnState.ABORTED : TxnState.PENDING;
        };
        if (target == TxnState.PENDING) {
            return outcome(TxnVerdict.OUTCOME_UNKNOWN, "expires in " + (r.createdMs() + r.ttlMs() - now) + " ms");
        }
        b.put(Family.TXN, recordKey(d.txnId()), r.decided(target, now).encode());
        observer.decided(d.txnId(), target);
        // The primary group completes its own part in the same entry: one Raft round fewer.
        complete(b, d.txnId(), target == TxnState.COMMITTED, observer);
        String detail = d.decision() == KvCommand.Decision.ABORT_IF_EXPIRED ? "expired"
                : late != null ? "commit " + late : null;
        return outcome(verdictOf(target), detail);
    }

    private static KvResponse complete(ApplyBatch b, String txnId, boolean commit, Observer observer) {
        ParticipantState s = state(b, txnId);
        long now = b.time();
        if (s == null) {
            // An abort that overtook its prepare (or a commit for a group that had nothing): remember it, so that
            // the prepare, if it ever arrives, is refused (TxnDeadlines says for how long).
            b.put(Family.TXN, stateKey(txnId), new ParticipantState(commit ? TxnState.COMMITTED : TxnState.ABORTED, "", now,
                    List.of(), 0, 0, now).encode());
            return outcome(commit ? TxnVerdict.COMMITTED : TxnVerdict.ABORTED, "nothing was prepared here");
        }
        if (s.state() != TxnState.PENDING) {
            return outcome(verdictOf(s.state()), null);
        }
        for (byte[] key : s.keys()) {
            byte[] raw = b.get(Family.LOCK, key);
            if (raw == null) {
                continue;
            }
            LockRecord lock = LockRecord.decode(raw);
            if (!lock.txnId().equals(txnId)) {
                continue;
            }
            if (commit && lock.write()) {
                if (lock.value() == null) {
                    b.delete(key);
                } else {
                    b.put(key, lock.value());
                }
            }
            b.delete(Family.LOCK, key);
        }
        for (int i = 0; i < s.rangeLocks(); i++) {
            b.delete(Family.RANGE_LOCK, rangeLockKey(txnId, i));
        }
        b.put(Family.TXN, stateKey(txnId), s.completed(commit, now).encode());
        observer.completed(txnId, commit);
        return outcome(commit ? TxnVerdict.COMMITTED : TxnVerdict.ABORTED, null);
    }

    /** Why the transaction cannot take its locks or pass validation here, or null when it can. */
    private static String conflict(ApplyBatch b, String txnId, List<KvCommand.ReadCheck> reads,
                                   List<KvCommand.RangeCheck> ranges, List<KvCommand.Mutation> writes) {
        for (KvCommand.ReadCheck r : reads) {
            String held = foreignLock(b, r.key(), txnId);
            if (held != null) {
                return held;
            }
        }
        String held = writeConflict(b, writes.stream().map(KvCommand.Mutation::key).toList(), txnId);
        if (held != null) {
            return held;
        }
        for (KvCommand.ReadCheck r : reads) {
            byte[] current = b.get(r.key());
            if (!Arrays.equals(current, r.expected())) {
                return "read of " + Keys.printable(r.key()) + " is stale: it changed since the transaction read it";
            }
        }
        for (KvCommand.RangeCheck r : ranges) {
            for (KvResponse.KeyValue kv : b.scan(Family.LOCK, r.start(), r.end(), RANGE_SCAN_CAP).entries()) {
                LockRecord lock = LockRecord.decode(kv.value());
                if (lock.write() && !lock.txnId().equals(txnId)) {
                    return "scanned range holds " + Keys.printable(kv.key()) + ", locked by transaction " + lock.txnId();
                }
            }
            List<KvResponse.KeyValue> now = b.scan(Family.DATA, r.start(), r.end(), r.entries().size() + 1).entries();
            if (!sameEntries(now, r.entries())) {
                return "scan of [" + Keys.printable(r.start()) + ", " + Keys.printable(r.end()) + ") is stale: the range changed";
            }
        }
        return null;
    }

    private static boolean sameEntries(List<KvResponse.KeyValue> a, List<KvResponse.KeyValue> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).key(), b.get(i).key()) || !Arrays.equals(a.get(i).value(), b.get(i).value())) {
                return false;
            }
        }
        return true;
    }

    private static String foreignLock(ApplyBatch b, byte[] key, String txnId) {
        byte[] raw = b.get(Family.LOCK, key);
        if (raw == null) {
            return null;
        }
        LockRecord lock = LockRecord.decode(raw);
        return lock.txnId().equals(txnId) ? null
                : Keys.printable(key) + " is locked by transaction " + lock.txnId();
    }

    /**
     * Why another transaction than {@code txnId} keeps {@code keys} from being written: the first key it has locked
     * or whose range it has scanned, or null. The range locks are read once for all the keys.
     */
    private static String writeConflict(ApplyBatch b, List<byte[]> keys, String txnId) {
        List<RangeLock> rangeLocks = null;
        for (byte[] key : keys) {
            String held = foreignLock(b, key, txnId);
            if (held != null) {
                return held;
            }
            if (rangeLocks == null) {
                rangeLocks = rangeLocks(b);
            }
            for (RangeLock r : rangeLocks) {
                if (!r.holder().equals(txnId) && r.contains(key)) {
                    return Keys.printable(key) + " lies in a range scanned by transaction " + r.holder();
                }
            }
        }
        return null;
    }

    /** A range a pending transaction has scanned: nobody else may write into it until that transaction ends. */
    private record RangeLock(byte[] start, byte[] end, String holder) {
        boolean contains(byte[] key) {
            return Keys.compare(key, start) >= 0 && (end.length == 0 || Keys.compare(key, end) < 0);
        }
    }

    private static List<RangeLock> rangeLocks(ApplyBatch b) {
        List<RangeLock> out = new ArrayList<>();
        for (KvResponse.KeyValue kv : b.scan(Family.RANGE_LOCK, new byte[0], new byte[0], RANGE_SCAN_CAP).entries()) {
            ByteReader in = new ByteReader(kv.value());
            out.add(new RangeLock(in.getBytes(), in.getBytes(), in.getString()));
        }
        return out;
    }

    /**
     * Why a plain (non-transactional) write of {@code key} must wait, or null: a plain write never changes a key a
     * transaction has locked, read or scanned, so a committing transaction's validation stays true.
     */
    public static KvResponse.Failure lockedForWrite(ApplyBatch b, List<byte[]> keys) {
        String held = writeConflict(b, keys, "");
        return held == null ? null : new KvResponse.Failure(ErrorCode.LOCKED, held, null);
    }

    private static void applyMutation(ApplyBatch b, KvCommand.Mutation m) {
        if (m instanceof KvCommand.Put p) {
            b.put(p.key(), p.value());
        } else {
            b.delete(m.key());
        }
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    /**
     * Why a plain read of {@code key} must wait, or null. Only write locks block reads: the transaction may be
     * committed already with its intent not yet applied here, and returning the old value would not be
     * linearizable. A read lock leaves the value unchanged.
     */
    public static KvResponse.Failure lockedForRead(GroupStore store, byte[] key) {
        byte[] raw = store.get(Family.LOCK, key);
        if (raw == null) {
            return null;
        }
        LockRecord lock = LockRecord.decode(raw);
        return lock.write() ? new KvResponse.Failure(ErrorCode.LOCKED, Keys.printable(key)
                + " is being written by transaction " + lock.txnId(), null) : null;
    }

    /** Like {@link #lockedForRead} for every key in {@code [start, end)}. */
    public static KvResponse.Failure lockedForScan(GroupStore store, byte[] start, byte[] end) {
        for (KvResponse.KeyValue kv : store.scan(Family.LOCK, start, end, RANGE_SCAN_CAP).entries()) {
            LockRecord lock = LockRecord.decode(kv.value());
            if (lock.write()) {
                return new KvResponse.Failure(ErrorCode.LOCKED, Keys.printable(kv.key())
                        + " is being written by transaction " + lock.txnId(), null);
            }
        }
        return null;
    }

    /** The locks this replica holds, oldest first is not guaranteed (key order). */
    public static List<Map.Entry<byte[], LockRecord>> locks(GroupStore store, int limit) {
        List<Map.Entry<byte[], LockRecord>> out = new ArrayList<>();
        for (KvResponse.KeyValue kv : store.scan(Family.LOCK, new byte[0], new byte[0], limit).entries()) {
            out.add(Map.entry(kv.key(), LockRecord.decode(kv.value())));
        }
        return out;
    }

    /** The transaction records kept in this replica (this group is their primary). */
    public static List<TxnRecord> records(GroupStore store, int limit) {
        List<TxnRecord> out = new ArrayList<>();
        for (KvResponse.KeyValue kv : store.scan(Family.TXN, new byte[]{'r'}, new byte[]{'s'}, limit).entries()) {
            out.add(TxnRecord.decode(kv.value()));
        }
        return out;
    }

    /**
     * Transactions whose record or participant state this replica could delete now under {@link TxnDeadlines}, and
     * that became final at least {@code minAgeMs} ago (group time): what a resolver proposes to {@code TxnForget},
     * which checks the rule again when it applies.
     */
    public static List<String> forgettable(GroupStore store, long minAgeMs, int limit) {
        long now = store.groupTime().timeMs();
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (KvResponse.KeyValue kv : store.scan(Family.TXN, new byte[]{'p'}, new byte[]{'q'}, limit).entries()) {
            ParticipantState s = ParticipantState.decode(kv.value());
            if (s.forgettableAt(now) && now - s.finalMs() >= minAgeMs) {
                out.add(new String(kv.key(), 1, kv.key().length - 1, StandardCharsets.UTF_8));
            }
        }
        for (TxnRecord r : records(store, limit)) {
            if (r.forgettableAt(now) && now - r.decidedMs() >= minAgeMs) {
                out.add(r.txnId());
            }
        }
        return List.copyOf(out);
    }

    // ---- layout ---------------------------------------------------------------------------------------------

    private static TxnRecord record(ApplyBatch b, String txnId) {
        byte[] raw = b.get(Family.TXN, recordKey(txnId));
        return raw == null ? null : TxnRecord.decode(raw);
    }

    private static ParticipantState state(ApplyBatch b, String txnId) {
        byte[] raw = b.get(Family.TXN, stateKey(txnId));
        return raw == null ? null : ParticipantState.decode(raw);
    }

    private static byte[] recordKey(String txnId) {
        return prefixed('r', txnId);
    }

    private static byte[] stateKey(String txnId) {
        return prefixed('p', txnId);
    }

    private static byte[] prefixed(char prefix, String txnId) {
        byte[] id = txnId.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[id.length + 1];
        key[0] = (byte) prefix;
        System.arraycopy(id, 0, key, 1, id.length);
        return key;
    }

    private static byte[] rangeLockKey(String txnId, int index) {
        byte[] id = txnId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(id.length + 5).put(id).put((byte) 0).putInt(index).array();
    }

    private static TxnVerdict verdictOf(TxnState state) {
        return switch (state) {
            case PENDING -> TxnVerdict.OUTCOME_UNKNOWN;
            case COMMITTED -> TxnVerdict.COMMITTED;
            case ABORTED -> TxnVerdict.ABORTED;
        };
    }

    private static KvResponse.TxnOutcome outcome(TxnVerdict verdict, String detail) {
        return new KvResponse.TxnOutcome(verdict, detail);
    }
}
