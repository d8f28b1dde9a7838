package dev.chorus.verify.cli;

import dev.chorus.verify.checker.RegisterChecker;
import dev.chorus.verify.history.HistoryFormatException;
import dev.chorus.verify.history.HistoryReader;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.nemesis.NemesisEvent;
import dev.chorus.verify.nemesis.NemesisLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code chorus verify check HISTORY --workload W}: re-checks a stored history, prints a summary, writes results.json and report.html. */
@Command(name = "check", description = "Check a stored history (JSON lines); exit 0 valid, 1 invalid, 2 unknown or bad input.")
final class CheckCommand implements Callable<Integer> {
    private static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "HISTORY", description = "history file, one JSON op per line")
    Path history;
    @Option(names = "--workload", required = true, paramLabel = "W", description = "register, set, bank or list-append")
    String workload;
    @Option(names = "--out", paramLabel = "DIR", description = "where results.json goes (default: the history's directory)")
    Path out;
    @Option(names = "--state-budget", paramLabel = "N", description = "register: configurations explored per key before giving up")
    long stateBudget = RegisterChecker.DEFAULT_STATE_BUDGET;
    @Option(names = "--no-realtime", description = "list-append: check serializability, not strict serializability")
    boolean noRealtime;

    @Override
    public Integer call() {
        try {
            Workload w = Workload.parse(workload);
            List<Op> ops = new HistoryReader().read(history, spec.commandLine().getErr()::println);
            if (ops.isEmpty()) {
                throw new HistoryFormatException(history + " holds no ops");
            }
            Path dir = out != null ? out : history.toAbsolutePath().getParent();
            // A run's nemesis log lies beside its history; a bare history has none.
            List<NemesisEvent> nemesis = NemesisLog.read(history.toAbsolutePath().resolveSibling(NemesisLog.FILE));
            return Verification.checkAndReport(w, new Workload.CheckerOptions(stateBudget, !noRealtime), ops, history, dir,
                    nemesis, spec.commandLine().getOut()).exitCode();
        } catch (NoSuchFileException e) {
            return badInput("no such file: " + e.getFile());
        } catch (IOException | HistoryFormatException | IllegalArgumentException e) {
            return badInput(e.getMessage());
        }
    }

    private int badInput(String message) {
        spec.commandLine().getErr().println("chorus verify: " + message);
        return BAD_INPUT;
    }
}
