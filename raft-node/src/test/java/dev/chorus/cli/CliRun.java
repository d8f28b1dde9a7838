package dev.chorus.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** One in-process run of the {@code chorus} command line: its exit code and what it printed. */
public record CliRun(int code, String out, String err) {

    public static CliRun chorus(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChorusCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code chorus ARGS --cluster FILE}: the global option after the subcommand, as scripts write it. */
    public static CliRun chorusOn(Path clusterFile, String... args) {
        String[] withCluster = Arrays.copyOf(args, args.length + 2);
        withCluster[args.length] = "--cluster";
        withCluster[args.length + 1] = clusterFile.toString();
        return chorus(withCluster);
    }
}
