package dev.chorus.command;

import dev.chorus.protocol.KvResponse;
import dev.chorus.storage.StateView;

/**
 * What one kind of {@link dev.chorus.protocol.KvCommand} means to a replica: one class per command, each owning its
 * validation and its apply. {@link ReplicatedCommands#of} finds the class for a command.
 */
public interface ReplicatedCommand {

    /**
     * Why the leader must not propose this command, or null. Runs on a network thread before Raft, so its work is
     * bounded by the request's size and it never reads the store.
     */
    KvResponse.Failure validate(CommandValidation check);

    /**
     * Why this entry must wait, answered without applying it and without remembering the answer for deduplication,
     * so that a retry under the same request id executes once the reason is gone; null if it may run.
     */
    default KvResponse.Failure blockedBy(StateView state) {
        return null;
    }

    /** Applies the command to the batch being applied: deterministic, on the group's clock only. */
    KvResponse apply(ApplyContext context);
}
