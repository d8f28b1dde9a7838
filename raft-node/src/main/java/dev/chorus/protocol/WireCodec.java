package dev.chorus.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of requests and responses. A {@link KvRequest.Write} is encoded once by the client and its
 * bytes become the Raft log entry unchanged, so the leader never re-encodes a proposal.
 *
 * <p>Layout: a version byte, then a tag byte per message or command, byte strings as a 4-byte length
 * (-1 = null) and the bytes, numbers big-endian. Decoding checks every length against the bytes left and fails
 * with {@link MalformedMessageException}; it never allocates more than the input's size.
 */
public final class WireCodec {
    private static final byte VERSION = 1;

    private static final byte REQ_WRITE = 1;
    private static final byte REQ_READ = 2;

    private static final byte CMD_PUT = 1;
    private static final byte CMD_DELETE = 2;
    private static final byte CMD_CAS = 3;
    private static final byte CMD_BATCH = 4;

    private static final byte READ_GET = 1;
    private static final byte READ_SCAN = 2;

    private static final byte RESP_DONE = 1;
    private static final byte RESP_VALUE = 2;
    private static final byte RESP_CAS = 3;
    private static final byte RESP_SCAN = 4;
    private static final byte RESP_FAILURE = 5;

    private WireCodec() {
    }

    // ---- requests -------------------------------------------------------------------------------------------

    public static byte[] encode(KvRequest request) {
        Out out = new Out();
        out.put(VERSION);
        if (request instanceof KvRequest.Write w) {
            out.put(REQ_WRITE);
            RequestId id = w.id();
            out.put((byte) (id == null ? 0 : 1));
            if (id != null) {
                out.putLong(id.clientHigh()).putLong(id.clientLow()).putLong(id.seq()).putLong(id.firstIncompleteSeq());
            }
            writeCommand(out, w.command());
        } else if (request instanceof KvRequest.Read r) {
            out.put(REQ_READ);
            writeRead(out, r.read());
        }
        return out.toByteArray();
    }

    public static KvRequest decodeRequest(byte[] bytes) {
        In in = new In(bytes);
        in.expectVersion();
        byte kind = in.get();
        KvRequest result = switch (kind) {
            case REQ_WRITE -> {
                RequestId id = in.get() == 0 ? null : new RequestId(in.getLong(), in.getLong(), in.getLong(), in.getLong());
                yield new KvRequest.Write(id, readCommand(in));
            }
            case REQ_READ -> new KvRequest.Read(readRead(in));
            default -> throw new MalformedMessageException("unknown request kind " + kind);
        };
        in.expectEnd();
        return result;
    }

    /** Decodes a Raft log entry, which is an encoded {@link KvRequest.Write}. */
    public static KvRequest.Write decodeWrite(byte[] bytes) {
        if (decodeRequest(bytes) instanceof KvRequest.Write w) {
            return w;
        }
        throw new MalformedMessageException("log entry is not a write");
    }

    private static void writeCommand(Out out, KvCommand command) {
        if (command instanceof KvCommand.Put p) {
            out.put(CMD_PUT).putBytes(p.key()).putBytes(p.value());
        } else if (command instanceof KvCommand.Delete d) {
            out.put(CMD_DELETE).putBytes(d.key());
        } else if (command instanceof KvCommand.CompareAndSet c) {
            out.put(CMD_CAS).putBytes(c.key()).putBytes(c.expected()).putBytes(c.newValue());
        } else if (command instanceof KvCommand.Batch b) {
            out.put(CMD_BATCH).putInt(b.mutations().size());
            for (KvCommand.Mutation m : b.mutations()) {
                writeCommand(out, m);
            }
        }
    }

    private static KvCommand readCommand(In in) {
        byte tag = in.get();
        return switch (tag) {
            case CMD_PUT -> new KvCommand.Put(in.getRequiredBytes(), in.getRequiredBytes());
            case CMD_DELETE -> new KvCommand.Delete(in.getRequiredBytes());
            case CMD_CAS -> new KvCommand.CompareAndSet(in.getRequiredBytes(), in.getBytes(), in.getBytes());
            case CMD_BATCH -> {
                int n = in.getCount(2);
                List<KvCommand.Mutation> ms = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    if (!(readCommand(in) instanceof KvCommand.Mutation m)) {
                        throw new MalformedMessageException("batch may hold only puts and deletes");
                    }
                    ms.add(m);
                }
                yield new KvCommand.Batch(ms);
            }
            default -> throw new MalformedMessageException("unknown command tag " + tag);
        };
    }

    private static void writeRead(Out out, KvRead read) {
        if (read instanceof KvRead.Get g) {
            out.put(READ_GET).put((byte) g.consistency().ordinal()).putBytes(g.key());
        } else if (read instanceof KvRead.Scan s) {
            out.put(READ_SCAN).put((byte) s.consistency().ordinal()).putBytes(s.start()).putBytes(s.end()).putInt(s.limit());
        }
    }

    private static KvRead readRead(In in) {
        byte tag = in.get();
        byte c = in.get();
        if (c < 0 || c >= KvRead.Consistency.values().length) {
            throw new MalformedMessageException("unknown consistency " + c);
        }
        KvRead.Consistency consistency = KvRead.Consistency.values()[c];
        return switch (tag) {
            case READ_GET -> new KvRead.Get(in.getRequiredBytes(), consistency);
            case READ_SCAN -> new KvRead.Scan(in.getRequiredBytes(), in.getRequiredBytes(), in.getInt(), consistency);
            default -> throw new MalformedMessageException("unknown read tag " + tag);
        };
    }

    // ---- responses ------------------------------------------------------------------------------------------

    public static byte[] encode(KvResponse response) {
        Out out = new Out();
        out.put(VERSION);
        if (response instanceof KvResponse.Done) {
            out.put(RESP_DONE);
        } else if (response instanceof KvResponse.Value v) {
            out.put(RESP_VALUE).putBytes(v.value());
        } else if (response instanceof KvResponse.CasResult c) {
            out.put(RESP_CAS).put((byte) (c.succeeded() ? 1 : 0)).putBytes(c.current());
        } else if (response instanceof KvResponse.ScanResult s) {
            out.put(RESP_SCAN).putInt(s.entries().size());
            for (KvResponse.KeyValue kv : s.entries()) {
                out.putBytes(kv.key()).putBytes(kv.value());
            }
            out.put((byte) (s.truncated() ? 1 : 0));
        } else if (response instanceof KvResponse.Failure f) {
            out.put(RESP_FAILURE).putString(f.code().name()).putString(f.message()).putString(f.leaderHint());
        }
        return out.toByteArray();
    }

    public static KvResponse decodeResponse(byte[] bytes) {
        In in = new In(bytes);
        in.expectVersion();
        byte tag = in.get();
        KvResponse result = switch (tag) {
            case RESP_DONE -> new KvResponse.Done();
            case RESP_VALUE -> new KvResponse.Value(in.getBytes());
            case RESP_CAS -> new KvResponse.CasResult(in.get() != 0, in.getBytes());
            case RESP_SCAN -> {
                int n = in.getCount(8);
                List<KvResponse.KeyValue> entries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    entries.add(new KvResponse.KeyValue(in.getRequiredBytes(), in.getRequiredBytes()));
                }
                yield new KvResponse.ScanResult(entries, in.get() != 0);
            }
            case RESP_FAILURE -> {
                String code = in.getString();
                ErrorCode ec;
                try {
                    ec = ErrorCode.valueOf(code);
                } catch (IllegalArgumentException | NullPointerException e) {
                    ec = ErrorCode.INTERNAL;
                }
                yield new KvResponse.Failure(ec, in.getString(), in.getString());
            }
            default -> throw new MalformedMessageException("unknown response tag " + tag);
        };
        in.expectEnd();
        return result;
    }

    // ---- primitives -----------------------------------------------------------------------------------------

    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(64);
        }

        Out put(byte b) {
            write(b);
            return this;
        }

        Out putInt(int v) {
            write(v >>> 24);
            write(v >>> 16);
            write(v >>> 8);
            write(v);
            return this;
        }

        Out putLong(long v) {
            putInt((int) (v >>> 32));
            return putInt((int) v);
        }

        Out putBytes(byte[] b) {
            if (b == null) {
                return putInt(-1);
            }
            putInt(b.length);
            write(b, 0, b.length);
            return this;
        }

        Out putString(String s) {
            return putBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class In {
        private final ByteBuffer buf;

        In(byte[] bytes) {
            if (bytes == null) {
                throw new MalformedMessageException("no bytes");
            }
            this.buf = ByteBuffer.wrap(bytes);
        }

        void need(int n) {
            if (buf.remaining() < n) {
                throw new MalformedMessageException("message truncated");
            }
        }

        void expectVersion() {
            byte v = get();
            if (v != VERSION) {
                throw new MalformedMessageException("unsupported message version " + v);
            }
        }

        void expectEnd() {
            if (buf.hasRemaining()) {
                throw new MalformedMessageException(buf.remaining() + " trailing bytes");
            }
        }

        byte get() {
            need(1);
            return buf.get();
        }

        int getInt() {
            need(4);
            return buf.getInt();
        }

        long getLong() {
            need(8);
            return buf.getLong();
        }

        /** A count of items that each take at least {@code minItemBytes}; rejects counts the input cannot hold. */
        int getCount(int minItemBytes) {
            int n = getInt();
            if (n < 0 || (long) n * minItemBytes > buf.remaining()) {
                throw new MalformedMessageException("bad item count " + n);
            }
            return n;
        }

        byte[] getBytes() {
            int len = getInt();
            if (len == -1) {
                return null;
            }
            if (len < 0) {
                throw new MalformedMessageException("negative length " + len);
            }
            need(len);
            byte[] b = new byte[len];
            buf.get(b);
            return b;
        }

        byte[] getRequiredBytes() {
            byte[] b = getBytes();
            if (b == null) {
                throw new MalformedMessageException("missing byte string");
            }
            return b;
        }

        String getString() {
            byte[] b = getBytes();
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }
    }
}
