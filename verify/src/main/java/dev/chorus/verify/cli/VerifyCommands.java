package dev.chorus.verify.cli;

import dev.chorus.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code chorus verify ...}: Jepsen-style checks of a cluster's histories. */
@Command(name = "verify", description = "Check histories for consistency anomalies (Jepsen-style).",
        subcommands = {CheckCommand.class, RegisterCommand.class, SetCommand.class, BankCommand.class,
                ListAppendCommand.class})
public final class VerifyCommands extends CommandGroup {
}
