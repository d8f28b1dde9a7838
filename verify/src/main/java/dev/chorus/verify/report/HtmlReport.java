package dev.chorus.verify.report;

import dev.chorus.verify.checker.Anomaly;
import dev.chorus.verify.checker.CheckResult;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.nemesis.NemesisEvent;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code report.html}: one self-contained page (inline SVG and CSS, no scripts, nothing fetched) with the verdict,
 * latency over time per function and throughput over time with the nemesis intervals shaded, the faults, and each
 * anomaly with its explanation and ops.
 */
public final class HtmlReport {
    /** Ops listed per anomaly; results.json holds them all. */
    private static final int OPS_PER_ANOMALY = 20;
    private static final int ANOMALIES_SHOWN = 200;

    private HtmlReport() {
    }

    public static String render(Results results, List<Op> history, List<NemesisEvent> nemesis) {
        long firstOp = history.stream().mapToLong(Op::invokeNanos).min().orElse(0);
        long origin = Math.min(firstOp, nemesis.stream().mapToLong(NemesisEvent::time).min().orElse(firstOp));
        long end = Math.max(history.stream().mapToLong(Op::completeNanos).max().orElse(origin),
                nemesis.stream().mapToLong(NemesisEvent::time).max().orElse(origin));
        List<FaultInterval> faults = FaultInterval.of(nemesis, end);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>chorus verify: ")
                .append(Html.escape(results.workload())).append(' ').append(results.verdict().json()).append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;max-width:960px;color:#222}")
                .append(".verdict{font-size:28px;font-weight:bold}.valid{color:#2e7d32}.invalid{color:#c62828}.unknown{color:#ef6c00}")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}")
                .append("pre{background:#f5f5f5;padding:6px;font-size:12px;overflow-x:auto}.anomaly{margin:12px 0}")
                .append("</style></head><body>");
        html.append("<h1>chorus verify ").append(Html.escape(results.workload())).append("</h1>");
        html.append("<p class=\"verdict ").append(results.verdict().json()).append("\">")
                .append(results.verdict().json().toUpperCase(Locale.ROOT)).append("</p>");
        html.append("<p>history: ").append(Html.escape(results.history())).append(" &middot; ").append(history.size())
                .append(" ops over ").append(String.format(Locale.ROOT, "%.1f", (end - origin) / 1e9))
                .append(" s &middot; checked in ").append(results.checkMillis()).append(" ms</p>");
        checkers(html, results);
        html.append("<h2>Latency</h2><p>Each point is one op at its invocation; shaded: a fault was in place "
                + "(hover for which).</p>");
        Map<String, List<Op>> byFunction = new TreeMap<>();
        history.forEach(op -> byFunction.computeIfAbsent(op.f(), f -> new java.util.ArrayList<>()).add(op));
        byFunction.forEach((f, ops) -> html.append("<h3>").append(Html.escape(f)).append("</h3>")
                .append(LatencyPlot.render(f, ops, origin, end, faults)));
        html.append("<h2>Throughput</h2>").append(RatePlot.render(history, origin, end, faults));
        faultTable(html, faults, origin);
        anomalies(html, results);
        return html.append("</body></html>").toString();
    }

    private static void checkers(StringBuilder html, Results results) {
        html.append("<table class=\"checkers\"><tr><th>checker</th><th>verdict</th><th>ok</th><th>fail</th><th>info</th>"
                + "<th>stats</th></tr>");
        for (CheckResult r : results.checkers()) {
            html.append("<tr><td>").append(Html.escape(r.checker())).append("</td><td class=\"").append(r.verdict().json())
                    .append("\">").append(r.verdict().json()).append(r.reason() == null ? "" : " (" + Html.escape(r.reason()) + ")")
                    .append("</td><td>").append(r.counts().ok()).append("</td><td>").append(r.counts().fail())
                    .append("</td><td>").append(r.counts().info()).append("</td><td>").append(Html.escape(r.stats().toString()))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private static void faultTable(StringBuilder html, List<FaultInterval> faults, long origin) {
        html.append("<h2>Nemesis</h2>");
        if (faults.isEmpty()) {
            html.append("<p>No faults were injected.</p>");
            return;
        }
        html.append("<table class=\"faults\"><tr><th>from (s)</th><th>to (s)</th><th>fault</th><th>targets</th></tr>");
        for (FaultInterval f : faults) {
            html.append(String.format(Locale.ROOT, "<tr><td>%.1f</td><td>%.1f</td><td>%s</td><td>%s</td></tr>",
                    (f.startNanos() - origin) / 1e9, (f.endNanos() - origin) / 1e9, Html.escape(f.fault()), Html.escape(f.detail())));
        }
        html.append("</table>");
    }

    private static void anomalies(StringBuilder html, Results results) {
        html.append("<h2>Anomalies</h2>");
        long total = results.checkers().stream().mapToLong(r -> r.anomalies().size()).sum();
        if (total == 0) {
            html.append("<p>None: no checker found a history a correct system could not have produced.</p>");
            return;
        }
        int shown = 0;
        for (CheckResult r : results.checkers()) {
            for (Anomaly a : r.anomalies()) {
                if (shown++ == ANOMALIES_SHOWN) {
                    html.append("<p>... and ").append(total - ANOMALIES_SHOWN).append(" more in results.json</p>");
                    return;
                }
                html.append("<div class=\"anomaly\"><h3>").append(Html.escape(a.name())).append(" <small>(")
                        .append(Html.escape(r.checker())).append(")</small></h3><p>").append(Html.escape(a.explanation()))
                        .append("</p><pre>");
                a.ops().stream().limit(OPS_PER_ANOMALY).forEach(op -> html.append(Html.escape(op.toString())).append('\n'));
                if (a.ops().size() > OPS_PER_ANOMALY) {
                    html.append("... ").append(a.ops().size() - OPS_PER_ANOMALY).append(" more ops\n");
                }
                html.append("</pre></div>");
            }
        }
    }
}
