package dev.chorus.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A microbenchmark, not a test (run by hand, see raft-node/README "Wire format"): encode + decode per second of a
 * typical client put (a write with its request id, a 16-byte key, a 128-byte value) and a typical prepare (primary,
 * 2 reads, 3 writes, 2 participants), with {@link WireCodec} and with protobuf-java (the version jraft ships) encoding
 * the same fields with explicit field numbers. No protoc is at hand offline, so the protobuf side is written against
 * {@link CodedOutputStream}/{@link CodedInputStream} exactly as generated code does it (size first, one array, a tag
 * switch on decode, byte fields as {@link ByteString}); generated code does no less work than this.
 *
 * <pre>java -cp raft-node/target/classes:raft-node/target/test-classes:$(deps) dev.chorus.protocol.CodecBench</pre>
 */
public final class CodecBench {
    private static volatile Object sink;

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        byte[] key = "user:0000012345:k".substring(0, 16).getBytes();
        byte[] value = new byte[128];
        KvRequest.Write put = new KvRequest.Write(new RequestId(11, 22, 33, 30), new KvCommand.Put(key, value));
        List<KvCommand.ReadCheck> reads = List.of(new KvCommand.ReadCheck("acct:0001".getBytes(), "100".getBytes()),
                new KvCommand.ReadCheck("acct:0002".getBytes(), "250".getBytes()));
        List<KvCommand.Mutation> writes = List.of(new KvCommand.Put("acct:0001".getBytes(), "90".getBytes()),
                new KvCommand.Put("acct:0002".getBytes(), "260".getBytes()), new KvCommand.Delete("hold:0001".getBytes()));
        KvRequest.Write prepare = new KvRequest.Write(new RequestId(11, 22, 34, 30), new KvCommand.TxnPrepare(
                "6f1c2a9e-5b1d-4c1e-9a3f-0c2d4e6f8a10", "g1", 1_700_000_030_000L, 10_000, reads, List.of(), writes,
                List.of("g1", "g2"), "n1"));
        System.out.printf("sizes: put wire=%d proto=%d, prepare wire=%d proto=%d%n", WireCodec.encode(put).length,
                Proto.encode(put).length, WireCodec.encode(prepare).length, Proto.encode(prepare).length);
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            String tag = round == 0 ? "warm-up " : "";
            report(tag + "put     WireCodec", seconds, () -> WireCodec.decodeRequest(WireCodec.encode(put)));
            report(tag + "put     protobuf ", seconds, () -> Proto.decode(Proto.encode(put)));
            report(tag + "prepare WireCodec", seconds, () -> WireCodec.decodeRequest(WireCodec.encode(prepare)));
            report(tag + "prepare protobuf ", seconds, () -> Proto.decode(Proto.encode(prepare)));
        }
    }

    private static void report(String name, int seconds, Supplier<Object> op) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long ops = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                sink = op.get();
            }
            ops += 1000;
        }
        double perSec = ops / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%s  %,12.0f encode+decode/s%n", name, perSec);
    }

    /**
     * The same messages as protobuf would carry them: Write {1 fixed64 client_high, 2 fixed64 client_low, 3 uint64
     * seq, 4 uint64 first_incomplete, 5 Put put | 6 Delete delete | 7 Prepare prepare}; Put {1 key, 2 value};
     * Delete {1 key}; Prepare {1 txn_id, 2 primary, 3 deadline, 4 ttl, 5 repeated ReadCheck, 6 repeated Mutation
     * (1 Put | 2 Delete), 7 repeated participants, 8 coordinator}; ReadCheck {1 key, 2 expected}.
     */
    static final class Proto {
        record Decoded(long high, long low, long seq, long first, Object command) {
        }

        record Put(ByteString key, ByteString value) {
        }

        record Delete(ByteString key) {
        }

        record Read(ByteString key, ByteString expected) {
        }

        record Prepare(String txnId, String primary, long deadline, long ttl, List<Read> reads, List<Object> writes,
                       List<String> participants, String coordinator) {
        }

        static byte[] encode(KvRequest.Write w) {
            int size = writeSize(w);
            byte[] out = new byte[size];
            CodedOutputStream o = CodedOutputStream.newInstance(out);
            try {
                o.writeFixed64(1, w.id().clientHigh());
                o.writeFixed64(2, w.id().clientLow());
                o.writeUInt64(3, w.id().seq());
                o.writeUInt64(4, w.id().firstIncompleteSeq());
                if (w.command() instanceof KvCommand.Put p) {
                    o.writeTag(5, 2);
                    o.writeUInt32NoTag(putSize(p));
                    writePut(o, p);
                } else if (w.command() instanceof KvCommand.TxnPrepare p) {
                    o.writeTag(7, 2);
                    o.writeUInt32NoTag(prepareSize(p));
                    o.writeString(1, p.txnId());
                    o.writeString(2, p.primaryGroup());
                    o.writeInt64(3, p.deadlineMs());
                    o.writeInt64(4, p.ttlMs());
                    for (KvCommand.ReadCheck r : p.reads()) {
                        o.writeTag(5, 2);
                        o.writeUInt32NoTag(readSize(r));
                        o.writeByteArray(1, r.key());
                        if (r.expected() != null) {
                            o.writeByteArray(2, r.expected());
                        }
                    }
                    for (KvCommand.Mutation m : p.writes()) {
                        o.writeTag(6, 2);
                        o.writeUInt32NoTag(mutationSize(m));
                        if (m instanceof KvCommand.Put put) {
                            o.writeTag(1, 2);
                            o.writeUInt32NoTag(putSize(put));
                            writePut(o, put);
                        } else {
                            KvCommand.Delete d = (KvCommand.Delete) m;
                            o.writeTag(2, 2);
                            o.writeUInt32NoTag(CodedOutputStream.computeByteArraySize(1, d.key()));
                            o.writeByteArray(1, d.key());
                        }
                    }
                    for (String g : p.participants()) {
                        o.writeString(7, g);
                    }
                    if (p.coordinator() != null) {
                        o.writeString(8, p.coordinator());
                    }
                }
                o.checkNoSpaceLeft();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        private static void writePut(CodedOutputStream o, KvCommand.Put p) throws IOException {
            o.writeByteArray(1, p.key());
            o.writeByteArray(2, p.value());
        }

        private static int writeSize(KvRequest.Write w) {
            int s = CodedOutputStream.computeFixed64Size(1, w.id().clientHigh())
                    + CodedOutputStream.computeFixed64Size(2, w.id().clientLow())
                    + CodedOutputStream.computeUInt64Size(3, w.id().seq())
                    + CodedOutputStream.computeUInt64Size(4, w.id().firstIncompleteSeq());
            int inner = w.command() instanceof KvCommand.Put p ? putSize(p) : prepareSize((KvCommand.TxnPrepare) w.command());
            return s + CodedOutputStream.computeTagSize(5) + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
        }

        private static int putSize(KvCommand.Put p) {
            return CodedOutputStream.computeByteArraySize(1, p.key()) + CodedOutputStream.computeByteArraySize(2, p.value());
        }

        private static int readSize(KvCommand.ReadCheck r) {
            return CodedOutputStream.computeByteArraySize(1, r.key())
                    + (r.expected() == null ? 0 : CodedOutputStream.computeByteArraySize(2, r.expected()));
        }

        private static int mutationSize(KvCommand.Mutation m) {
            int inner = m instanceof KvCommand.Put p ? putSize(p)
                    : CodedOutputStream.computeByteArraySize(1, ((KvCommand.Delete) m).key());
            return CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
        }

        private static int prepareSize(KvCommand.TxnPrepare p) {
            int s = CodedOutputStream.computeStringSize(1, p.txnId()) + CodedOutputStream.computeStringSize(2, p.primaryGroup())
                    + CodedOutputStream.computeInt64Size(3, p.deadlineMs()) + CodedOutputStream.computeInt64Size(4, p.ttlMs());
            for (KvCommand.ReadCheck r : p.reads()) {
                int n = readSize(r);
                s += CodedOutputStream.computeTagSize(5) + CodedOutputStream.computeUInt32SizeNoTag(n) + n;
            }
            for (KvCommand.Mutation m : p.writes()) {
                int n = mutationSize(m);
                s += CodedOutputStream.computeTagSize(6) + CodedOutputStream.computeUInt32SizeNoTag(n) + n;
            }
            for (String g : p.participants()) {
                s += CodedOutputStream.computeStringSize(7, g);
            }
            return s + (p.coordinator() == null ? 0 : CodedOutputStream.computeStringSize(8, p.coordinator()));
        }

        static Decoded decode(byte[] bytes) {
            try {
                CodedInputStream in = CodedInputStream.newInstance(bytes);
                long high = 0, low = 0, seq = 0, first = 0;
                Object command = null;
                int tag;
                while ((tag = in.readTag()) != 0) {
                    switch (tag) {
                        case (1 << 3) | 1 -> high = in.readFixed64();
                        case (2 << 3) | 1 -> low = in.readFixed64();
                        case (3 << 3) -> seq = in.readUInt64();
                        case (4 << 3) -> first = in.readUInt64();
                        case (5 << 3) | 2 -> command = readNested(in, CodecBench.Proto::readPut);
                        case (7 << 3) | 2 -> command = readNested(in, CodecBench.Proto::readPrepare);
                        default -> in.skipField(tag);
                    }
                }
                return new Decoded(high, low, seq, first, command);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        interface Reader<T> {
            T read(CodedInputStream in) throws IOException;
        }

        private static <T> T readNested(CodedInputStream in, Reader<T> reader) throws IOException {
            int limit = in.pushLimit(in.readRawVarint32());
            T t = reader.read(in);
            in.checkLastTagWas(0);
            in.popLimit(limit);
            return t;
        }

        /** Fields 1 and 2 of a message of two byte fields (null: absent). */
        private static ByteString[] twoByteFields(CodedInputStream in) throws IOException {
            ByteString[] f = new ByteString[2];
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2 -> f[0] = in.readBytes();
                    case (2 << 3) | 2 -> f[1] = in.readBytes();
                    default -> in.skipField(tag);
                }
            }
            return f;
        }

        private static Put readPut(CodedInputStream in) throws IOException {
            ByteString[] f = twoByteFields(in);
            return new Put(f[0] == null ? ByteString.EMPTY : f[0], f[1] == null ? ByteString.EMPTY : f[1]);
        }

        private static Delete readDelete(CodedInputStream in) throws IOException {
            ByteString key = ByteString.EMPTY;
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == ((1 << 3) | 2)) {
                    key = in.readBytes();
                } else {
                    in.skipField(tag);
                }
            }
            return new Delete(key);
        }

        private static Read readRead(CodedInputStream in) throws IOException {
            ByteString[] f = twoByteFields(in);
            return new Read(f[0] == null ? ByteString.EMPTY : f[0], f[1]);
        }

        private static Object readMutation(CodedInputStream in) throws IOException {
            Object m = null;
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2 -> m = readNested(in, CodecBench.Proto::readPut);
                    case (2 << 3) | 2 -> m = readNested(in, CodecBench.Proto::readDelete);
                    default -> in.skipField(tag);
                }
            }
            return m;
        }

        private static Prepare readPrepare(CodedInputStream in) throws IOException {
            String txnId = "", primary = "", coordinator = null;
            long deadline = 0, ttl = 0;
            List<Read> reads = new ArrayList<>();
            List<Object> writes = new ArrayList<>();
            List<String> participants = new ArrayList<>();
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag) {
                    case (1 << 3) | 2 -> txnId = in.readStringRequireUtf8();
                    case (2 << 3) | 2 -> primary = in.readStringRequireUtf8();
                    case (3 << 3) -> deadline = in.readInt64();
                    case (4 << 3) -> ttl = in.readInt64();
                    case (5 << 3) | 2 -> reads.add(readNested(in, CodecBench.Proto::readRead));
                    case (6 << 3) | 2 -> writes.add(readNested(in, CodecBench.Proto::readMutation));
                    case (7 << 3) | 2 -> participants.add(in.readStringRequireUtf8());
                    case (8 << 3) | 2 -> coordinator = in.readStringRequireUtf8();
                    default -> in.skipField(tag);
                }
            }
            return new Prepare(txnId, primary, deadline, ttl, reads, writes, participants, coordinator);
        }
    }
}
