package dev.chorus.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code chorus} command line: its exit code and what it printed. */
public record CliRun(int code, String out, String err) {

    public static CliRun chorus(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChorusCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
