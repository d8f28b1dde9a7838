package dev.chorus.txn.cli;

import dev.chorus.cli.CliExtension;

import java.util.List;

/** Adds {@code txn}, {@code bank}, {@code txns}, {@code saga}, {@code sagas} and {@code tccs} to the {@code chorus} command line. */
public final class TxnCliExtension implements CliExtension {
    @Override
    public List<Object> commands() {
        return List.of(new TxnCommand(), new BankCommands(), new TxnsCommand(), new SagaCommands(), new SagaCommands.ListSagas(), new TccCommands());
    }
}
