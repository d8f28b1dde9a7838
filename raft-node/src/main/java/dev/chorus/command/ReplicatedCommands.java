package dev.chorus.command;

import dev.chorus.protocol.KvCommand;

/**
 * The one place a command finds the class that gives it meaning on a replica. A visitor, so a command without a
 * class here does not compile.
 */
public final class ReplicatedCommands {
    private static final KvCommand.Visitor<ReplicatedCommand> BIND = new KvCommand.Visitor<>() {
        @Override
        public ReplicatedCommand put(KvCommand.Put put) {
            return new PutCommand(put);
        }

        @Override
        public ReplicatedCommand delete(KvCommand.Delete delete) {
            return new DeleteCommand(delete);
        }

        @Override
        public ReplicatedCommand compareAndSet(KvCommand.CompareAndSet cas) {
            return new CompareAndSetCommand(cas);
        }

        @Override
        public ReplicatedCommand batch(KvCommand.Batch batch) {
            return new BatchCommand(batch);
        }

        @Override
        public ReplicatedCommand prepare(KvCommand.TxnPrepare prepare) {
            return new PrepareCommand(prepare);
        }

        @Override
        public ReplicatedCommand lockRead(KvCommand.TxnLockRead lockRead) {
            return new LockReadCommand(lockRead);
        }

        @Override
        public ReplicatedCommand onePhase(KvCommand.TxnOnePhase onePhase) {
            return new OnePhaseCommand(onePhase);
        }

        @Override
        public ReplicatedCommand decide(KvCommand.TxnDecide decide) {
            return new DecideCommand(decide);
        }

        @Override
        public ReplicatedCommand complete(KvCommand.TxnComplete complete) {
            return new CompleteCommand(complete);
        }

        @Override
        public ReplicatedCommand finish(KvCommand.TxnFinish finish) {
            return new FinishCommand(finish);
        }

        @Override
        public ReplicatedCommand forget(KvCommand.TxnForget forget) {
            return new ForgetCommand(forget);
        }

        @Override
        public ReplicatedCommand versionedTxn(KvCommand.VersionedTxn txn) {
            return new VersionedTxnCommand(txn);
        }
    };

    private ReplicatedCommands() {
    }

    public static ReplicatedCommand of(KvCommand command) {
        return command.accept(BIND);
    }
}
