package dev.chorus.command;

import dev.chorus.participant.LockGuard;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.StateView;

import java.util.Arrays;
import java.util.List;

/** Sets or deletes a key only if it holds the expected value (null = absent); waits while a transaction holds it. */
record CompareAndSetCommand(KvCommand.CompareAndSet cas) implements ReplicatedCommand {

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        KvResponse.Failure f = check.key(cas.key());
        if (f == null && cas.expected() != null) {
            f = check.value(cas.expected());
        }
        if (f == null && cas.newValue() != null) {
            f = check.value(cas.newValue());
        }
        return f;
    }

    @Override
    public KvResponse.Failure blockedBy(StateView state) {
        return LockGuard.lockedForWrite(state, List.of(cas.key()));
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        ApplyBatch batch = context.batch();
        byte[] current = batch.get(cas.key());
        boolean matches = cas.expected() == null ? current == null : Arrays.equals(current, cas.expected());
        if (!matches) {
            return new KvResponse.CasResult(false, current);
        }
        if (cas.newValue() == null) {
            batch.delete(cas.key());
        } else {
            batch.put(cas.key(), cas.newValue());
        }
        return new KvResponse.CasResult(true, null);
    }
}
