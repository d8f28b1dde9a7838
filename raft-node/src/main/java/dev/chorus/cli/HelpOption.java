package dev.chorus.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code -h}/{@code --help}. Declared once, on the root command, and inherited, so that every command has it,
 * including the subcommands that extensions add later (picocli copies inherited options into each subcommand as it is
 * added).
 */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help message and exit.")
    boolean requested;
}
