package dev.chorus.protocol;

import java.util.List;

/** A write replicated through a group's Raft log and applied by every replica's state machine. */
public sealed interface KvCommand {

    /** A single-key mutation, usable alone or inside a {@link Batch}. */
    sealed interface Mutation extends KvCommand {
        byte[] key();
    }

    record Put(byte[] key, byte[] value) implements Mutation {
    }

    record Delete(byte[] key) implements Mutation {
    }

    /**
     * Sets {@code key} to {@code newValue} only if its current value equals {@code expected}.
     * A null {@code expected} means "the key must be absent"; a null {@code newValue} deletes the key.
     */
    record CompareAndSet(byte[] key, byte[] expected, byte[] newValue) implements KvCommand {
    }

    /** Mutations applied atomically, in order, within one group. */
    record Batch(List<Mutation> mutations) implements KvCommand {
        public Batch {
            mutations = List.copyOf(mutations);
        }
    }
}
