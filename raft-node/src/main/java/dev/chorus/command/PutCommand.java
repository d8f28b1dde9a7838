package dev.chorus.command;

import dev.chorus.participant.LockGuard;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.storage.StateView;

import java.util.List;

/** Sets a key's value; waits while a transaction holds the key. */
record PutCommand(KvCommand.Put put) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        KvResponse.Failure f = check.key(put.key());
        return f != null ? f : check.value(put.value());
    }

    @Override
    public KvResponse.Failure blockedBy(StateView state) {
        return LockGuard.lockedForWrite(state, List.of(put.key()));
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        context.batch().put(put.key(), put.value());
        return new KvResponse.Done();
    }
}
