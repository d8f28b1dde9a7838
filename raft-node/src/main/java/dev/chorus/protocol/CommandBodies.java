package dev.chorus.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts several command bodies share in the wire format: tagged mutations, a transaction's reads, ranges and
 * writes, lists of strings. Reading checks every count against the bytes left and never pre-sizes a list beyond
 * {@link #PRESIZE_CAP}, whatever count the sender declared.
 */
final class CommandBodies {
    /** Lists decoded from the network are never pre-sized beyond this. */
    static final int PRESIZE_CAP = 1024;
    /** The smallest encoded mutation: a delete's tag and length of a one-byte key. */
    private static final int MIN_MUTATION_BYTES = 6;

    private CommandBodies() {
    }

    /** A command as it appears in a log entry or inside a batch or transaction: its tag, then its body. */
    static void writeTagged(ByteWriter out, KvCommand command) {
        out.put(command.tag().wireTag());
        command.writeBody(out);
    }

    /** The command {@link #writeTagged} wrote. */
    static KvCommand readTagged(ByteReader in) {
        return CommandTag.ofWireTag(in.get()).readBody(in);
    }

    /** The reads, scanned ranges and writes of a transaction, in the order every transaction command writes them. */
    static void writeChecks(ByteWriter out, List<KvCommand.ReadCheck> reads, List<KvCommand.RangeCheck> ranges,
                            List<KvCommand.Mutation> writes) {
        out.putInt(reads.size());
        for (KvCommand.ReadCheck r : reads) {
            out.putBytes(r.key()).putBytes(r.expected());
        }
        out.putInt(ranges.size());
        for (KvCommand.RangeCheck r : ranges) {
            out.putBytes(r.start()).putBytes(r.end()).putInt(r.entries().size());
            for (KvResponse.KeyValue kv : r.entries()) {
                out.putBytes(kv.key()).putBytes(kv.value());
            }
        }
        out.putInt(writes.size());
        writes.forEach(m -> writeTagged(out, m));
    }

    record Checks(List<KvCommand.ReadCheck> reads, List<KvCommand.RangeCheck> ranges, List<KvCommand.Mutation> writes) {
    }

    static Checks readChecks(ByteReader in) {
        int nr = in.getCount(8);
        List<KvCommand.ReadCheck> reads = new ArrayList<>(Math.min(nr, PRESIZE_CAP));
        for (int i = 0; i < nr; i++) {
            reads.add(new KvCommand.ReadCheck(in.getRequiredBytes(), in.getBytes()));
        }
        int ng = in.getCount(12);
        List<KvCommand.RangeCheck> ranges = new ArrayList<>(Math.min(ng, PRESIZE_CAP));
        for (int i = 0; i < ng; i++) {
            byte[] start = in.getRequiredBytes();
            byte[] end = in.getRequiredBytes();
            ranges.add(new KvCommand.RangeCheck(start, end, readKeyValues(in)));
        }
        return new Checks(reads, ranges, readMutations(in, "a transaction"));
    }

    /** A count, then as many key-value pairs (neither null). */
    static List<KvResponse.KeyValue> readKeyValues(ByteReader in) {
        int n = in.getCount(8);
        List<KvResponse.KeyValue> entries = new ArrayList<>(Math.min(n, PRESIZE_CAP));
        for (int i = 0; i < n; i++) {
            entries.add(new KvResponse.KeyValue(in.getRequiredBytes(), in.getRequiredBytes()));
        }
        return entries;
    }

    /** A count, then as many puts or deletes, and nothing else: what batches and transactions hold. */
    static List<KvCommand.Mutation> readMutations(ByteReader in, String holder) {
        int n = in.getCount(MIN_MUTATION_BYTES);
        List<KvCommand.Mutation> out = new ArrayList<>(Math.min(n, PRESIZE_CAP));
        for (int i = 0; i < n; i++) {
            byte tag = in.get();
            if (tag == CommandTag.PUT.wireTag()) {
                out.add(KvCommand.Put.readBody(in));
            } else if (tag == CommandTag.DELETE.wireTag()) {
                out.add(KvCommand.Delete.readBody(in));
            } else {
                throw new MalformedMessageException(holder + " may hold only puts and deletes (tag " + tag + ")");
            }
        }
        return out;
    }

    /** A count, then as many keys (none null). */
    static List<byte[]> readKeys(ByteReader in) {
        int n = in.getCount(4);
        List<byte[]> keys = new ArrayList<>(Math.min(n, PRESIZE_CAP));
        for (int i = 0; i < n; i++) {
            keys.add(in.getRequiredBytes());
        }
        return keys;
    }

    static void writeStrings(ByteWriter out, List<String> strings) {
        out.putInt(strings.size());
        strings.forEach(out::putString);
    }

    static List<String> readStrings(ByteReader in) {
        int n = in.getCount(4);
        List<String> out = new ArrayList<>(Math.min(n, PRESIZE_CAP));
        for (int i = 0; i < n; i++) {
            out.add(requireString(in));
        }
        return out;
    }

    static String requireString(ByteReader in) {
        String s = in.getString();
        if (s == null) {
            throw new MalformedMessageException("missing string");
        }
        return s;
    }
}
