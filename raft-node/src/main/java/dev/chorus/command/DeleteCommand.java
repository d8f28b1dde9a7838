package dev.chorus.command;

import dev.chorus.participant.LockGuard;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.storage.StateView;

import java.util.List;

/** Removes a key; waits while a transaction holds the key. */
record DeleteCommand(KvCommand.Delete delete) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        return check.key(delete.key());
    }

    @Override
    public KvResponse.Failure blockedBy(StateView state) {
        return LockGuard.lockedForWrite(state, List.of(delete.key()));
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        context.batch().delete(delete.key());
        return new KvResponse.Done();
    }
}
