package dev.chorus.verify.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chorus.verify.checker.CheckResult;
import dev.chorus.verify.history.HistoryJson;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.nemesis.NemesisEvent;
import dev.chorus.verify.report.HtmlReport;
import dev.chorus.verify.report.Results;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end every verify command shares: check a history, write {@code results.json} and {@code report.html}, print the summary. */
final class Verification {
    private Verification() {
    }

    static Results checkAndReport(Workload workload, Workload.CheckerOptions options, List<Op> history, Path historyFile,
                                  Path resultsDir, List<NemesisEvent> nemesis, PrintWriter out) throws IOException {
        long start = System.nanoTime();
        CheckResult result = workload.checker(options).check(history);
        Results results = Results.of(workload.cliName(), historyFile.toString(), (System.nanoTime() - start) / 1_000_000,
                List.of(result));
        Files.createDirectories(resultsDir);
        HistoryJson.mapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(resultsDir.resolve("results.json").toFile(), results);
        Files.writeString(resultsDir.resolve(VerifyRun.REPORT_FILE), HtmlReport.render(results, history, nemesis));
        Summary.print(results, out);
        out.println("report: " + resultsDir.resolve(VerifyRun.REPORT_FILE));
        return results;
    }
}
