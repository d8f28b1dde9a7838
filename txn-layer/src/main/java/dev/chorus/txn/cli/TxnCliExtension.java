package dev.chorus.txn.cli;

import dev.chorus.cli.CliExtension;

import java.util.List;

/** Adds {@code txn}, {@code bank} and {@code txns} to the {@code chorus} command line. */
public final class TxnCliExtension implements CliExtension {
    @Override
    public List<Object> commands() {
        return List.of(new TxnCommand(), new BankCommands(), new TxnsCommand());
    }
}
