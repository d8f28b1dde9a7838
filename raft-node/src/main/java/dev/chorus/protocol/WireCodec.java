package dev.chorus.protocol;

/**
 * The binary encoding of requests and responses. A {@link KvRequest.Write} is encoded once by the client and its
 * bytes become the Raft log entry unchanged, so the leader never re-encodes a proposal.
 *
 * <p><b>Version</b>: every message starts with its format version ({@link #VERSION}); a decoder refuses a version it
 * does not know ({@link MalformedMessageException}, "unsupported message version") rather than misread it. Within a
 * version a message may only grow by fields appended at its end, read when present ({@link ByteReader#hasRemaining}),
 * so older bytes keep decoding; any other change takes a new version, and a node then still decodes the old one (its
 * Raft log holds it). Versions stay below {@code 0xE0}: first bytes from there up are log entry formats
 * ({@link LogEntry}). bolt's envelope around a message ({@link WireSerializers}) is framing only (group id, bytes).
 *
 * <p>Layout: a version byte, then a tag byte per message or command, byte strings as a 4-byte length
 * (-1 = null) and the bytes, numbers big-endian. Every tag is an explicit constant, never an enum's ordinal:
 * commands write and read their own tag ({@link CommandTag}) and body ({@link KvCommand#writeBody}); decisions,
 * read consistencies and verdicts their {@code wireTag}. {@code WireGoldenBytesTest} pins the bytes. Decoding
 * checks every length against the bytes left and fails with {@link MalformedMessageException}; it never allocates
 * more than the input's size.
 */
public final class WireCodec {
    static final byte VERSION = 1;

    private static final byte REQ_WRITE = 1;
    private static final byte REQ_READ = 2;

    private static final byte READ_GET = 1;
    private static final byte READ_SCAN = 2;
    private static final byte READ_GROUP_TIME = 3;
    private static final byte READ_VERSIONED_SCAN = 4;

    private static final byte RESP_DONE = 1;
    private static final byte RESP_VALUE = 2;
    private static final byte RESP_CAS = 3;
    private static final byte RESP_SCAN = 4;
    private static final byte RESP_FAILURE = 5;
    private static final byte RESP_TXN = 6;
    private static final byte RESP_VERSIONED = 7;

    private WireCodec() {
    }

    // ---- requests -------------------------------------------------------------------------------------------

    public static byte[] encode(KvRequest request) {
        ByteWriter out = new ByteWriter();
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
        } else {
            throw new IllegalArgumentException("no encoding for request " + request);
        }
        return out.toByteArray();
    }

    public static KvRequest decodeRequest(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
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

    /** Encodes one command on its own (no request envelope), e.g. a transaction handed to a coordinator. */
    public static byte[] encodeCommand(KvCommand command) {
        ByteWriter out = new ByteWriter();
        out.put(VERSION);
        writeCommand(out, command);
        return out.toByteArray();
    }

    public static KvCommand decodeCommand(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        in.expectVersion();
        KvCommand command = readCommand(in);
        in.expectEnd();
        return command;
    }

    /** Encodes a client's transaction for a coordinator: the bytes of its {@link TxnCommitRequest#onePhase()} command. */
    public static byte[] encode(TxnCommitRequest request) {
        return encodeCommand(request.onePhase());
    }

    public static TxnCommitRequest decodeCommitRequest(byte[] bytes) {
        if (decodeCommand(bytes) instanceof KvCommand.TxnOnePhase t) {
            return new TxnCommitRequest(t.txnId(), t.deadlineMs(), t.reads(), t.ranges(), t.writes());
        }
        throw new MalformedMessageException("not a transaction");
    }

    /** Decodes a Raft log entry, which is an encoded {@link KvRequest.Write}. */
    public static KvRequest.Write decodeWrite(byte[] bytes) {
        if (decodeRequest(bytes) instanceof KvRequest.Write w) {
            return w;
        }
        throw new MalformedMessageException("log entry is not a write");
    }

    private static void writeCommand(ByteWriter out, KvCommand command) {
        CommandBodies.writeTagged(out, command);
    }

    private static KvCommand readCommand(ByteReader in) {
        return CommandBodies.readTagged(in);
    }

    private static void writeRead(ByteWriter out, KvRead read) {
        if (read instanceof KvRead.Get g) {
            out.put(READ_GET).put(g.consistency().wireTag()).putBytes(g.key());
        } else if (read instanceof KvRead.Scan s) {
            out.put(READ_SCAN).put(s.consistency().wireTag()).putBytes(s.start()).putBytes(s.end()).putInt(s.limit());
        } else if (read instanceof KvRead.GroupTime) {
            out.put(READ_GROUP_TIME).put(read.consistency().wireTag());
        } else if (read instanceof KvRead.VersionedScan s) {
            out.put(READ_VERSIONED_SCAN).put(s.consistency().wireTag()).putBytes(s.start()).putBytes(s.end())
                    .putInt(s.limit()).put((byte) (s.keysOnly() ? 1 : 0));
        } else {
            throw new IllegalArgumentException("no encoding for read " + read);
        }
    }

    private static KvRead readRead(ByteReader in) {
        byte tag = in.get();
        KvRead.Consistency consistency = KvRead.Consistency.ofWireTag(in.get());
        return switch (tag) {
            case READ_GET -> new KvRead.Get(in.getRequiredBytes(), consistency);
            case READ_SCAN -> new KvRead.Scan(in.getRequiredBytes(), in.getRequiredBytes(), in.getInt(), consistency);
            case READ_GROUP_TIME -> new KvRead.GroupTime();
            case READ_VERSIONED_SCAN -> new KvRead.VersionedScan(in.getRequiredBytes(), in.getRequiredBytes(),
                    in.getInt(), in.get() != 0, consistency);
            default -> throw new MalformedMessageException("unknown read tag " + tag);
        };
    }

    // ---- responses ------------------------------------------------------------------------------------------

    public static byte[] encode(KvResponse response) {
        ByteWriter out = new ByteWriter();
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
        } else if (response instanceof KvResponse.TxnOutcome t) {
            out.put(RESP_TXN).put((byte) t.verdict().wireTag()).putString(t.detail());
        } else if (response instanceof KvResponse.VersionedResult v) {
            out.put(RESP_VERSIONED).put((byte) (v.succeeded() ? 1 : 0)).putLong(v.revision());
            Versioned.writeResults(out, v.results());
        } else {
            throw new IllegalArgumentException("no encoding for response " + response);
        }
        return out.toByteArray();
    }

    public static KvResponse decodeResponse(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        in.expectVersion();
        byte tag = in.get();
        KvResponse result = switch (tag) {
            case RESP_DONE -> new KvResponse.Done();
            case RESP_VALUE -> new KvResponse.Value(in.getBytes());
            case RESP_CAS -> new KvResponse.CasResult(in.get() != 0, in.getBytes());
            case RESP_SCAN -> {
                yield new KvResponse.ScanResult(CommandBodies.readKeyValues(in), in.get() != 0);
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
            case RESP_TXN -> {
                yield new KvResponse.TxnOutcome(TxnVerdict.ofWireTag(in.get()), in.getString());
            }
            case RESP_VERSIONED -> {
                boolean succeeded = in.get() != 0;
                long revision = in.getLong();
                yield new KvResponse.VersionedResult(succeeded, revision, Versioned.readResults(in));
            }
            default -> throw new MalformedMessageException("unknown response tag " + tag);
        };
        in.expectEnd();
        return result;
    }

}
