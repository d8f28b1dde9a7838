package dev.chorus.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages of the versioned keyspace: keys that carry etcd's per-key metadata (create revision, mod revision,
 * version, lease) beside their value, kept in a column family of their own and changed only by
 * {@link KvCommand.VersionedTxn}. A conditional multi-operation transaction within one group, the shape of etcd's
 * {@code Txn}, of which etcd's {@code Put} and {@code DeleteRange} are the one-operation, no-compare case.
 *
 * <p>Revisions are per group (see {@code dev.chorus.versioned.Revisions}): every replica computes the same one at
 * apply time from replicated state and the command's {@code revisionFloor}.
 */
public final class Versioned {
    private Versioned() {
    }

    /** A key as the versioned keyspace stores it; {@code value} is empty in a keys-only answer. */
    public record Kv(byte[] key, long createRevision, long modRevision, long version, long lease, byte[] value) {
    }

    /** What a {@link Compare} looks at. Encoded by its wire tag, never renumbered. */
    public enum Target {
        VERSION(0), CREATE(1), MOD(2), VALUE(3), LEASE(4);

        private final byte wireTag;

        Target(int wireTag) {
            this.wireTag = (byte) wireTag;
        }

        public byte wireTag() {
            return wireTag;
        }

        static Target ofWireTag(byte tag) {
            return StableTags.find(values(), Target::wireTag, tag, "compare target");
        }
    }

    /** How a {@link Compare} relates the key's {@link Target} to its operand. Encoded by its wire tag. */
    public enum Relation {
        EQUAL(0), GREATER(1), LESS(2), NOT_EQUAL(3);

        private final byte wireTag;

        Relation(int wireTag) {
            this.wireTag = (byte) wireTag;
        }

        public byte wireTag() {
            return wireTag;
        }

        static Relation ofWireTag(byte tag) {
            return StableTags.find(values(), Relation::wireTag, tag, "compare relation");
        }
    }

    /**
     * etcd's compare on one key: {@code number} is the operand of VERSION, CREATE, MOD and LEASE, {@code value} that
     * of VALUE (null otherwise). An absent key has version, revisions and lease 0 and no value (etcd: a VALUE compare
     * on an absent key is false).
     */
    public record Compare(byte[] key, Target target, Relation relation, long number, byte[] value) {
    }

    /** One operation of a branch. */
    public sealed interface Op {
    }

    /** Sets {@code key}; answers the previous key if {@code prevKv}. */
    public record Put(byte[] key, byte[] value, boolean prevKv) implements Op {
    }

    /**
     * Deletes the keys in {@code [key, end)}: {@code end} null = {@code key} alone, empty = to the end of the group's
     * range.
     */
    public record DeleteRange(byte[] key, byte[] end, boolean prevKv) implements Op {
    }

    /**
     * Reads the keys in {@code [key, end)} ({@code end} as for {@link DeleteRange}), at most {@code limit} of them
     * (0 = no limit but the node's scan limit); {@code countOnly} answers only how many.
     */
    public record Range(byte[] key, byte[] end, int limit, boolean keysOnly, boolean countOnly) implements Op {
    }

    /** What one operation answered, in the order of its branch. */
    public sealed interface OpResult {
    }

    /** {@code prev} is null unless asked for and present. */
    public record PutResult(Kv prev) implements OpResult {
    }

    public record DeleteResult(long deleted, List<Kv> prev) implements OpResult {
        public DeleteResult {
            prev = List.copyOf(prev);
        }
    }

    /** {@code count}: keys in the range; {@code more}: the limit left some out. */
    public record RangeResult(List<Kv> kvs, long count, boolean more) implements OpResult {
        public RangeResult {
            kvs = List.copyOf(kvs);
        }
    }

    // ---- encoding -------------------------------------------------------------------------------------------

    private static final byte OP_PUT = 1;
    private static final byte OP_DELETE = 2;
    private static final byte OP_RANGE = 3;

    static void writeCompares(ByteWriter out, List<Compare> compares) {
        out.putInt(compares.size());
        for (Compare c : compares) {
            out.putBytes(c.key()).put(c.target().wireTag()).put(c.relation().wireTag()).putLong(c.number())
                    .putBytes(c.value());
        }
    }

    static List<Compare> readCompares(ByteReader in) {
        int n = in.getCount(14);
        List<Compare> out = new ArrayList<>(Math.min(n, CommandBodies.PRESIZE_CAP));
        for (int i = 0; i < n; i++) {
            out.add(new Compare(in.getRequiredBytes(), Target.ofWireTag(in.get()), Relation.ofWireTag(in.get()),
                    in.getLong(), in.getBytes()));
        }
        return out;
    }

    static void writeOps(ByteWriter out, List<Op> ops) {
        out.putInt(ops.size());
        for (Op op : ops) {
            if (op instanceof Put p) {
                out.put(OP_PUT).putBytes(p.key()).putBytes(p.value()).put(flag(p.prevKv()));
            } else if (op instanceof DeleteRange d) {
                out.put(OP_DELETE).putBytes(d.key()).putBytes(d.end()).put(flag(d.prevKv()));
            } else if (op instanceof Range r) {
                out.put(OP_RANGE).putBytes(r.key()).putBytes(r.end()).putInt(r.limit()).put(flag(r.keysOnly()))
                        .put(flag(r.countOnly()));
            }
        }
    }

    static List<Op> readOps(ByteReader in) {
        int n = in.getCount(10);
        List<Op> out = new ArrayList<>(Math.min(n, CommandBodies.PRESIZE_CAP));
        for (int i = 0; i < n; i++) {
            byte tag = in.get();
            out.add(switch (tag) {
                case OP_PUT -> new Put(in.getRequiredBytes(), in.getRequiredBytes(), in.get() != 0);
                case OP_DELETE -> new DeleteRange(in.getRequiredBytes(), in.getBytes(), in.get() != 0);
                case OP_RANGE -> new Range(in.getRequiredBytes(), in.getBytes(), in.getInt(), in.get() != 0,
                        in.get() != 0);
                default -> throw new MalformedMessageException("unknown versioned operation " + tag);
            });
        }
        return out;
    }

    static void writeResults(ByteWriter out, List<OpResult> results) {
        out.putInt(results.size());
        for (OpResult r : results) {
            if (r instanceof PutResult p) {
                out.put(OP_PUT).put(flag(p.prev() != null));
                if (p.prev() != null) {
                    writeKv(out, p.prev());
                }
            } else if (r instanceof DeleteResult d) {
                out.put(OP_DELETE).putLong(d.deleted());
                writeKvs(out, d.prev());
            } else if (r instanceof RangeResult g) {
                out.put(OP_RANGE).putLong(g.count()).put(flag(g.more()));
                writeKvs(out, g.kvs());
            }
        }
    }

    static List<OpResult> readResults(ByteReader in) {
        int n = in.getCount(2);
        List<OpResult> out = new ArrayList<>(Math.min(n, CommandBodies.PRESIZE_CAP));
        for (int i = 0; i < n; i++) {
            byte tag = in.get();
            out.add(switch (tag) {
                case OP_PUT -> new PutResult(in.get() != 0 ? readKv(in) : null);
                case OP_DELETE -> new DeleteResult(in.getLong(), readKvs(in));
                case OP_RANGE -> {
                    long count = in.getLong();
                    boolean more = in.get() != 0;
                    yield new RangeResult(readKvs(in), count, more);
                }
                default -> throw new MalformedMessageException("unknown versioned result " + tag);
            });
        }
        return out;
    }

    private static void writeKvs(ByteWriter out, List<Kv> kvs) {
        out.putInt(kvs.size());
        kvs.forEach(kv -> writeKv(out, kv));
    }

    private static List<Kv> readKvs(ByteReader in) {
        int n = in.getCount(40);
        List<Kv> out = new ArrayList<>(Math.min(n, CommandBodies.PRESIZE_CAP));
        for (int i = 0; i < n; i++) {
            out.add(readKv(in));
        }
        return out;
    }

    private static void writeKv(ByteWriter out, Kv kv) {
        out.putBytes(kv.key()).putLong(kv.createRevision()).putLong(kv.modRevision()).putLong(kv.version())
                .putLong(kv.lease()).putBytes(kv.value());
    }

    private static Kv readKv(ByteReader in) {
        return new Kv(in.getRequiredBytes(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                in.getRequiredBytes());
    }

    private static byte flag(boolean b) {
        return (byte) (b ? 1 : 0);
    }
}
