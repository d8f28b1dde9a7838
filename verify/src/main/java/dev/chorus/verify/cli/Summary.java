package dev.chorus.verify.cli;

import dev.chorus.verify.checker.Anomaly;
import dev.chorus.verify.checker.CheckResult;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.report.Results;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints {@link Results} in one screen: the verdict first, then counts, then the first anomalies of each kind. */
final class Summary {
    private static final int ANOMALIES_SHOWN = 8;
    private static final int OPS_SHOWN = 6;
    private static final int OP_TEXT_MAX = 160;

    private Summary() {
    }

    static void print(Results results, PrintWriter out) {
        out.printf("verdict: %s (%s, %s, checked in %d ms)%n", results.verdict().json().toUpperCase(java.util.Locale.ROOT),
                results.workload(), results.history(), results.checkMillis());
        for (CheckResult r : results.checkers()) {
            out.printf("%s: %s  ok=%d fail=%d info=%d  %s%n", r.checker(), r.verdict().json(), r.counts().ok(),
                    r.counts().fail(), r.counts().info(), r.stats());
            if (r.reason() != null) {
                out.println("  gave up: " + r.reason());
            }
            if (!r.anomalies().isEmpty()) {
                out.println("  anomalies: " + byName(r.anomalies()));
            }
            r.anomalies().stream().limit(ANOMALIES_SHOWN).forEach(a -> printAnomaly(a, out));
            if (r.anomalies().size() > ANOMALIES_SHOWN) {
                out.printf("  ... and %d more in results.json%n", r.anomalies().size() - ANOMALIES_SHOWN);
            }
        }
    }

    private static String byName(List<Anomaly> anomalies) {
        Map<String, Long> counts = anomalies.stream()
                .collect(Collectors.groupingBy(Anomaly::name, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void printAnomaly(Anomaly anomaly, PrintWriter out) {
        out.println("  - " + anomaly.name() + ": " + anomaly.explanation());
        for (Op op : anomaly.ops().stream().limit(OPS_SHOWN).toList()) {
            String text = op.toString();
            out.println("      " + (text.length() > OP_TEXT_MAX ? text.substring(0, OP_TEXT_MAX) + "..." : text));
        }
    }
}
