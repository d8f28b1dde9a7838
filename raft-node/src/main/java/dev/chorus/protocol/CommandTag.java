package dev.chorus.protocol;

/**
 * The tag byte that names a command in the wire format and in every Raft log entry. A tag never changes and is
 * never reused: logs and snapshots written by any earlier version must keep decoding to the same command.
 */
public enum CommandTag {
    PUT(1),
    DELETE(2),
    COMPARE_AND_SET(3),
    BATCH(4),
    TXN_PREPARE(10),
    TXN_ONE_PHASE(11),
    TXN_DECIDE(12),
    TXN_COMPLETE(13),
    TXN_FINISH(14),
    TXN_FORGET(15),
    TXN_LOCK_READ(16);

    private final byte wireTag;

    CommandTag(int wireTag) {
        this.wireTag = (byte) wireTag;
    }

    public byte wireTag() {
        return wireTag;
    }

    /** The command tag encoded as {@code tag}; a {@link MalformedMessageException} for a byte no command has. */
    public static CommandTag ofWireTag(byte tag) {
        return StableTags.find(values(), CommandTag::wireTag, tag, "command tag");
    }
}
