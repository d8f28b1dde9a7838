package dev.chorus.command;

import dev.chorus.participant.LockGuard;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.storage.StateView;

/** Puts and deletes applied atomically, in order; waits while a transaction holds any of their keys. */
record BatchCommand(KvCommand.Batch batch) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        if (batch.mutations().isEmpty()) {
            return CommandValidation.failure(ErrorCode.BAD_REQUEST, "empty batch");
        }
        return check.mutations(batch.mutations());
    }

    @Override
    public KvResponse.Failure blockedBy(StateView state) {
        return LockGuard.lockedForWrite(state, batch.mutations().stream().map(KvCommand.Mutation::key).toList());
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        for (KvCommand.Mutation m : batch.mutations()) {
            ReplicatedCommands.of(m).apply(context);
        }
        return new KvResponse.Done();
    }
}
