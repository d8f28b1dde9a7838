package dev.chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code chorus} command line. Exit codes: 0 success, 1 not found / mismatch / rejected request, 2 bad
 * arguments or cluster file, 3 cluster unreachable, 4 transaction outcome unknown ({@link ExitCodes}).
 */
@Command(name = "chorus", versionProvider = ChorusVersion.class,
        description = "Command line for a Chorus cluster.",
        subcommands = {KvCommands.Put.class, KvCommands.Get.class, KvCommands.Del.class, KvCommands.Cas.class,
                KvCommands.Scan.class, StatusCommand.class, BenchCommand.class, InitLocalCommand.class,
                AwaitLeadersCommand.class, NodeIdsCommand.class, EventsCommand.class, RaftAdminCommands.Leader.class,
                RaftAdminCommands.Snapshot.class, FaultCommands.class, FailpointCommands.class, MemberCommands.class, NodeCommands.class,
                TlsCommands.class, CompletionCommand.class})
public final class ChorusCli extends CommandGroup {
    /** Global: inherited by every subcommand, including those of extensions (see {@link ClusterOptions}). */
    @Mixin
    ClusterOptions clusterOptions;
    /** Inherited too: every command, extensions' included, answers -h/--help. */
    @Mixin
    HelpOption help;
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean versionRequested;

    public static void main(String[] args) {
        dev.chorus.runtime.QuietLibraries.apply();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // bolt logs each failed send to a node that is down or paused ("Invoke send failed ... SSLEngine closed
        // already") through sofa-common's logger; the client retries other replicas and reports what finally failed,
        // so on a CLI user's terminal these lines are noise (and they broke commands' exact output).
        System.setProperty("org.slf4j.simpleLogger.log.com.alipay.sofa.common.log", "off");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. Separate from {@link #main} so tests can call it. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(out, err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The whole command tree, extensions' commands included, printing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ChorusCli());
        for (CliExtension extension : java.util.ServiceLoader.load(CliExtension.class)) {
            for (Object command : extension.commands()) {
                cli.addSubcommand(command);
            }
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new CommandErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        return cli;
    }
}
