package dev.chorus.protocol;

/** A read served by a replica without touching the Raft log. */
public sealed interface KvRead {

    /**
     * LINEARIZABLE reads go through ReadIndex; STALE reads return the replica's local state as it is. Encoded by its
     * {@link #wireTag()}, never renumbered.
     */
    enum Consistency {
        LINEARIZABLE(0),
        STALE(1);

        private final byte wireTag;

        Consistency(int wireTag) {
            this.wireTag = (byte) wireTag;
        }

        public byte wireTag() {
            return wireTag;
        }

        /** The consistency encoded as {@code tag}; a {@link MalformedMessageException} for a tag none has. */
        public static Consistency ofWireTag(byte tag) {
            return StableTags.find(values(), Consistency::wireTag, tag, "consistency");
        }
    }

    Consistency consistency();

    record Get(byte[] key, Consistency consistency) implements KvRead {
    }

    /** Keys in {@code [start, end)} within the group's range, in order; empty {@code end} = to the group's end. */
    record Scan(byte[] start, byte[] end, int limit, Consistency consistency) implements KvRead {
    }

    /**
     * The group's replicated clock as its leader has applied it ({@code GroupTime}): a lower bound of the time of any
     * entry the group applies later, and a fresh one. Served by the leader without a ReadIndex round; a follower
     * answers NOT_LEADER (its own time may lag by as long as it was down).
     */
    record GroupTime() implements KvRead {
        @Override
        public Consistency consistency() {
            return Consistency.LINEARIZABLE;
        }
    }

    /**
     * Keys of the versioned keyspace in {@code [start, end)} within the group's range, in order, as stored
     * ({@code dev.chorus.versioned.Envelope}; without their values if {@code keysOnly}), answered as a
     * {@link KvResponse.ScanResult}. Empty {@code end} = to the group's end.
     */
    record VersionedScan(byte[] start, byte[] end, int limit, boolean keysOnly, Consistency consistency)
            implements KvRead {
    }
}
