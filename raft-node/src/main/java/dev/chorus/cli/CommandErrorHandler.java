package dev.chorus.cli;

import dev.chorus.client.ChorusException;
import dev.chorus.config.ConfigException;
import picocli.CommandLine;

/**
 * Errors that a command throws while it runs: one line on stderr ({@code chorus: ...}) and the exit code that tells a
 * script what went wrong ({@link ExitCodes}).
 */
final class CommandErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        java.io.PrintWriter err = command.getErr();
        if (e instanceof ConfigException) {
            err.println("chorus: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof ChorusException ce) {
            err.println("chorus: " + (ce.unreachable() ? "cluster unreachable: " : "") + ce.getMessage());
            return ce.unreachable() ? ExitCodes.UNREACHABLE : ExitCodes.FAILED;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("chorus: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        err.println("chorus: " + e);
        return ExitCodes.FAILED;
    }
}
