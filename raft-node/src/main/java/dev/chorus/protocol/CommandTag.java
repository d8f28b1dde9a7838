package dev.chorus.protocol;

/**
 * The tag byte that names a command in the wire format and in every Raft log entry, and the reader of the body that
 * follows it. A tag never changes and is never reused: logs and snapshots written by any earlier version must keep
 * decoding to the same command. One line per command: the one place a tag becomes a command.
 */
public enum CommandTag {
    PUT(1, KvCommand.Put::readBody),
    DELETE(2, KvCommand.Delete::readBody),
    COMPARE_AND_SET(3, KvCommand.CompareAndSet::readBody),
    BATCH(4, KvCommand.Batch::readBody),
    TXN_PREPARE(10, KvCommand.TxnPrepare::readBody),
    TXN_ONE_PHASE(11, KvCommand.TxnOnePhase::readBody),
    TXN_DECIDE(12, KvCommand.TxnDecide::readBody),
    TXN_COMPLETE(13, KvCommand.TxnComplete::readBody),
    TXN_FINISH(14, KvCommand.TxnFinish::readBody),
    TXN_FORGET(15, KvCommand.TxnForget::readBody),
    TXN_LOCK_READ(16, KvCommand.TxnLockRead::readBody),
    VERSIONED_TXN(20, KvCommand.VersionedTxn::readBody);

    /** Reads what a command's {@link KvCommand#writeBody} wrote. */
    @FunctionalInterface
    interface BodyReader {
        KvCommand read(ByteReader in);
    }

    private final byte wireTag;
    private final BodyReader reader;

    CommandTag(int wireTag, BodyReader reader) {
        this.wireTag = (byte) wireTag;
        this.reader = reader;
    }

    public byte wireTag() {
        return wireTag;
    }

    KvCommand readBody(ByteReader in) {
        return reader.read(in);
    }

    /** The command tag encoded as {@code tag}; a {@link MalformedMessageException} for a byte no command has. */
    public static CommandTag ofWireTag(byte tag) {
        return StableTags.find(values(), CommandTag::wireTag, tag, "command tag");
    }
}
