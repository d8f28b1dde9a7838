package dev.chorus.cli;

import java.util.List;

/**
 * Subcommands that modules above this one add to {@code chorus} (e.g. {@code txn}, {@code bank}), found with
 * {@link java.util.ServiceLoader}. Each object is a picocli {@code @Command}.
 */
public interface CliExtension {
    List<Object> commands();
}
