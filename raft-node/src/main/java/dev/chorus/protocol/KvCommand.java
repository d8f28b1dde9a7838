package dev.chorus.protocol;

import java.util.List;

/** A write replicated through a group's Raft log and applied by every replica's state machine. */
public sealed interface KvCommand {

    /** A single-key mutation, usable alone or inside a {@link Batch}. */
    sealed interface Mutation extends KvCommand {
        byte[] key();
    }

    record Put(byte[] key, byte[] value) implements Mutation {
    }

    record Delete(byte[] key) implements Mutation {
    }

    /**
     * Sets {@code key} to {@code newValue} only if its current value equals {@code expected}.
     * A null {@code expected} means "the key must be absent"; a null {@code newValue} deletes the key.
     */
    record CompareAndSet(byte[] key, byte[] expected, byte[] newValue) implements KvCommand {
    }

    /** Mutations applied atomically, in order, within one group. */
    record Batch(List<Mutation> mutations) implements KvCommand {
        public Batch {
            mutations = List.copyOf(mutations);
        }
    }

    // ---- transaction participant commands (applied by dev.chorus.participant.TxnParticipant) -------------------

    /** A command of the two-phase commit protocol; every one names its transaction. */
    sealed interface TxnCommand extends KvCommand {
        String txnId();
    }

    /** A value the transaction read: still {@code expected} (null = absent) at validation, or the prepare fails. */
    record ReadCheck(byte[] key, byte[] expected) {
    }

    /**
     * A range the transaction scanned: {@code [start, end)} must still hold exactly {@code entries} at validation
     * (no key added, removed or changed). An empty {@code end} means the end of the group's range.
     */
    record RangeCheck(byte[] start, byte[] end, List<KvResponse.KeyValue> entries) {
        public RangeCheck {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Phase one on one participant group: lock every read, scanned and written key of the transaction in this group,
     * validate the reads under those locks and store the writes as intents. In the primary group
     * ({@code participants} non-empty) the same command creates the transaction record, PENDING.
     *
     * <p>{@code deadlineMs} is in this group's time ({@code GroupTime}; 0 = none): the group refuses the prepare once
     * its time is past it. {@code ttlMs}: how long, in group time, the locks and record are protected from resolvers.
     */
    record TxnPrepare(String txnId, String primaryGroup, long deadlineMs, long ttlMs, List<ReadCheck> reads,
                      List<RangeCheck> ranges, List<Mutation> writes, List<String> participants, String coordinator)
            implements TxnCommand {
        public TxnPrepare {
            reads = List.copyOf(reads);
            ranges = List.copyOf(ranges);
            writes = List.copyOf(writes);
            participants = List.copyOf(participants);
        }
    }

    /**
     * A locking read: read-lock {@code keys} in this group and answer their current values (a {@code ScanResult} of
     * the keys that exist), or {@code CONFLICT} if another transaction holds one. A snapshot read over several groups
     * sends one per group; the one to the primary group lists the {@code participants} and creates a PENDING record,
     * as a prepare does. Resolvers release an expired lock only after that record is aborted, so a client whose
     * {@link TxnDecide} COMMIT on the record succeeds held every lock at that instant: its reads form one snapshot.
     * Otherwise it retries. The locks are released by the decision (primary) and {@link TxnComplete} (others).
     */
    record TxnLockRead(String txnId, String primaryGroup, long deadlineMs, long ttlMs, List<byte[]> keys,
                       List<String> participants) implements TxnCommand {
        public TxnLockRead {
            keys = List.copyOf(keys);
            participants = List.copyOf(participants);
        }
    }

    /**
     * A transaction whose keys all lie in this group: validate and apply in one Raft round, no locks left behind.
     * Also the form in which a client hands a whole transaction to a coordinator. {@code deadlineMs}: the
     * transaction's deadline in its primary group's time, fixed by the client before anyone acts on the transaction
     * (0 = none); the group refuses the command once its time is past it.
     */
    record TxnOnePhase(String txnId, long deadlineMs, List<ReadCheck> reads, List<RangeCheck> ranges, List<Mutation> writes)
            implements TxnCommand {
        public TxnOnePhase {
            reads = List.copyOf(reads);
            ranges = List.copyOf(ranges);
            writes = List.copyOf(writes);
        }
    }

    /** What a {@link TxnDecide} asks of the transaction record. */
    enum Decision {
        /** The coordinator's commit: PENDING becomes COMMITTED (the commit point). */
        COMMIT,
        /** The coordinator's abort: PENDING (or no record yet) becomes ABORTED. */
        ABORT,
        /** A resolver's push: a record PENDING past its TTL (in group time), or missing, becomes ABORTED. */
        ABORT_IF_EXPIRED
    }

    /**
     * A compare-and-set on the transaction record in the primary group; answers the record's state afterwards.
     * When the record ends COMMITTED or ABORTED, the primary group's own intents are completed in the same command.
     * {@code deadlineMs}: the transaction's deadline in the primary group's time, if the sender knows it (0 if not);
     * an ABORTED tombstone is kept at least until then.
     */
    record TxnDecide(String txnId, Decision decision, long deadlineMs) implements TxnCommand {
    }

    /** Phase two on one participant: apply ({@code commit}) or drop the intents and release the locks. Idempotent. */
    record TxnComplete(String txnId, boolean commit) implements TxnCommand {
    }

    /** Marks the record as completed on every participant, so resolvers stop working on it. */
    record TxnFinish(String txnId) implements TxnCommand {
    }

    /** Deletes finished transactions' records and participant states (garbage collection). */
    record TxnForget(List<String> txnIds) implements KvCommand {
        public TxnForget {
            txnIds = List.copyOf(txnIds);
        }
    }
}
