package dev.chorus.protocol;

/** A read served by a replica without touching the Raft log. */
public sealed interface KvRead {

    /** LINEARIZABLE reads go through ReadIndex; STALE reads return the replica's local state as it is. */
    enum Consistency { LINEARIZABLE, STALE }

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
}
