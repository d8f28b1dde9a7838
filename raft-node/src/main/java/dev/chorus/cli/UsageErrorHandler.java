package dev.chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Bad arguments: one line on stderr and exit {@link ExitCodes#USAGE}, like etcdctl and kubectl, instead of picocli's
 * default of the message followed by the whole usage text, which buries the message; the line says where the usage is.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        StringBuilder line = new StringBuilder("chorus: ").append(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
            }
        }
        line.append("; see '").append(command.getCommandSpec().qualifiedName()).append(" --help'");
        err.println(line);
        err.flush();
        return ExitCodes.USAGE;
    }
}
