package dev.chorus.protocol;

import java.util.List;

/**
 * A write replicated through a group's Raft log and applied by every replica's state machine.
 *
 * <p>These records are the commands as data and in their wire form: each owns its {@link #tag() tag}, writes its own
 * body ({@link #writeBody}) and reads it back ({@code readBody}, found through its {@link CommandTag}). What a command means to a replica (validation
 * before Raft, apply against the replicated state) lives in one server class per command, found through
 * {@link #accept}, the one dispatch over commands: the compiler rejects a command some {@link Visitor} misses.
 * Adding a command: a record here, its line in {@link CommandTag}, its method in {@link Visitor}, and the server class
 * it maps to (the compiler then asks for its line in {@code dev.chorus.command.ReplicatedCommands}).
 */
public sealed interface KvCommand {

    /** The command's tag in the wire format and the Raft log; stable forever ({@link CommandTag}). */
    CommandTag tag();

    /** Writes everything after the tag: what the command's {@code readBody} reads. */
    void writeBody(ByteWriter out);

    <R> R accept(Visitor<R> visitor);

    /** One method per command: implementations are checked by the compiler to handle every command. */
    interface Visitor<R> {
        R put(Put put);

        R delete(Delete delete);

        R compareAndSet(CompareAndSet cas);

        R batch(Batch batch);

        R prepare(TxnPrepare prepare);

        R lockRead(TxnLockRead lockRead);

        R onePhase(TxnOnePhase onePhase);

        R decide(TxnDecide decide);

        R complete(TxnComplete complete);

        R finish(TxnFinish finish);

        R forget(TxnForget forget);

        R versionedTxn(VersionedTxn txn);
    }

    /** A single-key mutation, usable alone or inside a {@link Batch}. */
    sealed interface Mutation extends KvCommand {
        byte[] key();
    }

    record Put(byte[] key, byte[] value) implements Mutation {
        @Override
        public CommandTag tag() {
            return CommandTag.PUT;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putBytes(key).putBytes(value);
        }

        static Put readBody(ByteReader in) {
            return new Put(in.getRequiredBytes(), in.getRequiredBytes());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.put(this);
        }
    }

    record Delete(byte[] key) implements Mutation {
        @Override
        public CommandTag tag() {
            return CommandTag.DELETE;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putBytes(key);
        }

        static Delete readBody(ByteReader in) {
            return new Delete(in.getRequiredBytes());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.delete(this);
        }
    }

    /**
     * Sets {@code key} to {@code newValue} only if its current value equals {@code expected}.
     * A null {@code expected} means "the key must be absent"; a null {@code newValue} deletes the key.
     */
    record CompareAndSet(byte[] key, byte[] expected, byte[] newValue) implements KvCommand {
        @Override
        public CommandTag tag() {
            return CommandTag.COMPARE_AND_SET;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putBytes(key).putBytes(expected).putBytes(newValue);
        }

        static CompareAndSet readBody(ByteReader in) {
            return new CompareAndSet(in.getRequiredBytes(), in.getBytes(), in.getBytes());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.compareAndSet(this);
        }
    }

    /** Mutations applied atomically, in order, within one group. */
    record Batch(List<Mutation> mutations) implements KvCommand {
        public Batch {
            mutations = List.copyOf(mutations);
        }

        @Override
        public CommandTag tag() {
            return CommandTag.BATCH;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putInt(mutations.size());
            mutations.forEach(m -> CommandBodies.writeTagged(out, m));
        }

        /**
         * Items are read as mutations only: a batch never nests (a nested batch made decoding recurse, each level
         * pre-sizing a list from a count the sender chose).
         */
        static Batch readBody(ByteReader in) {
            return new Batch(CommandBodies.readMutations(in, "a batch"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.batch(this);
        }
    }

    // ---- transaction participant commands (applied as described in dev.chorus.participant) ---------------------

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

        @Override
        public CommandTag tag() {
            return CommandTag.TXN_PREPARE;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putString(txnId).putString(primaryGroup).putLong(deadlineMs).putLong(ttlMs);
            CommandBodies.writeChecks(out, reads, ranges, writes);
            CommandBodies.writeStrings(out, participants);
            out.putString(coordinator);
        }

        static TxnPrepare readBody(ByteReader in) {
            String txnId = CommandBodies.requireString(in);
            String primary = CommandBodies.requireString(in);
            long deadline = in.getLong();
            long ttl = in.getLong();
            CommandBodies.Checks c = CommandBodies.readChecks(in);
            return new TxnPrepare(txnId, primary, deadline, ttl, c.reads(), c.ranges(), c.writes(),
                    CommandBodies.readStrings(in), in.getString());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.prepare(this);
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

        @Override
        public CommandTag tag() {
            return CommandTag.TXN_LOCK_READ;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putString(txnId).putString(primaryGroup).putLong(deadlineMs).putLong(ttlMs).putInt(keys.size());
            keys.forEach(out::putBytes);
            CommandBodies.writeStrings(out, participants);
        }

        static TxnLockRead readBody(ByteReader in) {
            String txnId = CommandBodies.requireString(in);
            String primary = CommandBodies.requireString(in);
            long deadline = in.getLong();
            long ttl = in.getLong();
            List<byte[]> keys = CommandBodies.readKeys(in);
            // Participants were added later; a lock-read is always the last thing in its message.
            return new TxnLockRead(txnId, primary, deadline, ttl, keys,
                    in.hasRemaining() ? CommandBodies.readStrings(in) : List.of());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.lockRead(this);
        }
    }

    /**
     * A transaction whose keys all lie in this group: validate and apply in one Raft round, no locks left behind.
     * (A client hands a whole transaction to a coordinator as a {@link TxnCommitRequest}.) {@code deadlineMs}: the
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

        @Override
        public CommandTag tag() {
            return CommandTag.TXN_ONE_PHASE;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putString(txnId).putLong(deadlineMs);
            CommandBodies.writeChecks(out, reads, ranges, writes);
        }

        static TxnOnePhase readBody(ByteReader in) {
            String txnId = CommandBodies.requireString(in);
            long deadline = in.getLong();
            CommandBodies.Checks c = CommandBodies.readChecks(in);
            return new TxnOnePhase(txnId, deadline, c.reads(), c.ranges(), c.writes());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.onePhase(this);
        }
    }

    /**
     * What a {@link TxnDecide} asks of the transaction record. Encoded by its {@link #wireTag()}, which never changes
     * for an existing constant (constants may be renamed, reordered or added, never renumbered).
     */
    enum Decision {
        /** The coordinator's commit: PENDING becomes COMMITTED (the commit point). */
        COMMIT(0),
        /** The coordinator's abort: PENDING (or no record yet) becomes ABORTED. */
        ABORT(1),
        /** A resolver's push: a record PENDING past its TTL (in group time), or missing, becomes ABORTED. */
        ABORT_IF_EXPIRED(2);

        private final byte wireTag;

        Decision(int wireTag) {
            this.wireTag = (byte) wireTag;
        }

        public byte wireTag() {
            return wireTag;
        }

        /** The decision encoded as {@code tag}; a {@link MalformedMessageException} for a tag no decision has. */
        public static Decision ofWireTag(byte tag) {
            return StableTags.find(values(), Decision::wireTag, tag, "decision");
        }
    }

    /**
     * A compare-and-set on the transaction record in the primary group; answers the record's state afterwards.
     * When the record ends COMMITTED or ABORTED, the primary group's own intents are completed in the same command.
     * {@code deadlineMs}: the transaction's deadline in the primary group's time, if the sender knows it (0 if not);
     * an ABORTED tombstone is kept at least until then.
     */
    record TxnDecide(String txnId, Decision decision, long deadlineMs) implements TxnCommand {
        @Override
        public CommandTag tag() {
            return CommandTag.TXN_DECIDE;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putString(txnId).put(decision.wireTag()).putLong(deadlineMs);
        }

        static TxnDecide readBody(ByteReader in) {
            String txnId = CommandBodies.requireString(in);
            Decision decision = Decision.ofWireTag(in.get());
            return new TxnDecide(txnId, decision, in.getLong());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.decide(this);
        }
    }

    /** Phase two on one participant: apply ({@code commit}) or drop the intents and release the locks. Idempotent. */
    record TxnComplete(String txnId, boolean commit) implements TxnCommand {
        @Override
        public CommandTag tag() {
            return CommandTag.TXN_COMPLETE;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putString(txnId).put((byte) (commit ? 1 : 0));
        }

        static TxnComplete readBody(ByteReader in) {
            return new TxnComplete(CommandBodies.requireString(in), in.get() != 0);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.complete(this);
        }
    }

    /** Marks the record as completed on every participant, so resolvers stop working on it. */
    record TxnFinish(String txnId) implements TxnCommand {
        @Override
        public CommandTag tag() {
            return CommandTag.TXN_FINISH;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putString(txnId);
        }

        static TxnFinish readBody(ByteReader in) {
            return new TxnFinish(CommandBodies.requireString(in));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.finish(this);
        }
    }

    /** Deletes finished transactions' records and participant states (garbage collection). */
    record TxnForget(List<String> txnIds) implements KvCommand {
        public TxnForget {
            txnIds = List.copyOf(txnIds);
        }

        @Override
        public CommandTag tag() {
            return CommandTag.TXN_FORGET;
        }

        @Override
        public void writeBody(ByteWriter out) {
            CommandBodies.writeStrings(out, txnIds);
        }

        static TxnForget readBody(ByteReader in) {
            return new TxnForget(CommandBodies.readStrings(in));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.forget(this);
        }
    }

    // ---- the versioned keyspace (etcd's data model, see Versioned) ----------------------------------------------

    /**
     * etcd's {@code Txn} on keys of one group's versioned keyspace: if every compare holds, the {@code success}
     * operations run, otherwise the {@code failure} ones, atomically in one entry. If they change anything, the
     * group's revision becomes {@code max(group revision, revisionFloor) + 1} and every key they write gets it:
     * {@code revisionFloor} carries the highest revision the sender has seen (of any group), so that revisions
     * follow causality across groups like a Lamport clock.
     */
    record VersionedTxn(long revisionFloor, List<Versioned.Compare> compares, List<Versioned.Op> success,
                        List<Versioned.Op> failure) implements KvCommand {
        public VersionedTxn {
            compares = List.copyOf(compares);
            success = List.copyOf(success);
            failure = List.copyOf(failure);
        }

        @Override
        public CommandTag tag() {
            return CommandTag.VERSIONED_TXN;
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putLong(revisionFloor);
            Versioned.writeCompares(out, compares);
            Versioned.writeOps(out, success);
            Versioned.writeOps(out, failure);
        }

        static VersionedTxn readBody(ByteReader in) {
            long floor = in.getLong();
            return new VersionedTxn(floor, Versioned.readCompares(in), Versioned.readOps(in), Versioned.readOps(in));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.versionedTxn(this);
        }
    }
}
