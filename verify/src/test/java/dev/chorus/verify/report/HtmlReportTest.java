package dev.chorus.verify.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.verify.checker.Anomaly;
import dev.chorus.verify.checker.CheckResult;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.nemesis.NemesisEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html: self-contained, one latency plot per function, throughput, shaded faults, anomalies with their ops. */
class HtmlReportTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void reportShowsPlotsFaultsAndAnomalies() {
        List<Op> history = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Op.Type type = i % 10 == 3 ? Op.Type.INFO : i % 10 == 7 ? Op.Type.FAIL : Op.Type.OK;
            history.add(new Op(i, i % 4, type, i % 2 == 0 ? "read" : "write", "k",
                    JsonNodeFactory.instance.numberNode(i), i * SECOND / 4, i * SECOND / 4 + 2_000_000L * (1 + i % 5)));
        }
        Op stale = history.get(10);
        Anomaly anomaly = new Anomaly("stale-read", "read <1> after write 2 completed", List.of(stale, history.get(9)));
        Results results = Results.of("register", "run/history.jsonl", 12,
                List.of(CheckResult.of("register", history, List.of(anomaly), Map.of("states", 99L), null)));
        List<NemesisEvent> nemesis = List.of(new NemesisEvent("partition", NemesisEvent.START, "n1 | n2 n3", 2 * SECOND),
                new NemesisEvent("partition", NemesisEvent.STOP, "n1 | n2 n3", 4 * SECOND),
                new NemesisEvent("kill", NemesisEvent.START, "n2", 6 * SECOND));

        String html = HtmlReport.render(results, history, nemesis);

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("src=") || html.contains("href=\"http"), "nothing fetched");
        assertEquals(3, count(html, "<svg"), "latency of read, latency of write, throughput");
        assertTrue(html.contains("latency of read") && html.contains("latency of write"));
        assertEquals(3 * 2, count(html, "class=\"nemesis\""), "two faults shaded in each of three plots");
        assertTrue(html.contains("n1 | n2 n3"), "fault targets shown");
        assertTrue(html.contains("class=\"rate-ok\"") && html.contains("class=\"rate-info\""));
        assertTrue(html.contains("INVALID"));
        assertTrue(html.contains("stale-read") && html.contains("read &lt;1&gt; after write 2 completed"), "anomaly explained, escaped");
        assertTrue(html.contains(Html.escape(stale.toString())), "anomaly lists its ops");
        assertEquals(40, count(html, "<circle cx=") - 3 * 3, "every op drawn once (plus three legend dots in each plot)");
    }

    @Test
    void unfinishedFaultLastsToTheEnd() {
        List<FaultInterval> faults = FaultInterval.of(List.of(new NemesisEvent("pause", NemesisEvent.START, "n1", 5)), 100);
        assertEquals(List.of(new FaultInterval("pause", "n1", 5, 100)), faults);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
