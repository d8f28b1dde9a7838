package dev.chorus.verify.cli;

import dev.chorus.cli.CliExtension;

import java.util.List;

/** Adds {@code verify} to the {@code chorus} command line. */
public final class VerifyCliExtension implements CliExtension {
    @Override
    public List<Object> commands() {
        return List.of(new VerifyCommands());
    }
}
