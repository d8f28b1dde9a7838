package dev.chorus.metrics;

import dev.chorus.admin.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /metrics keeps the text the 0.x client wrote: the same names, labels and layout, line for line. */
class NodeMetricsTest {

    private static NodeMetrics metrics() {
        NodeStatus.ReplicaView replica = new NodeStatus.ReplicaView("n1", "LEADER", 4, 12, 11, 10, null, 2048, List.of());
        NodeStatus status = new NodeStatus(new NodeStatus.NodeInfo("n1", true, "127.0.0.1:1", "127.0.0.1:2", 1, 0, 0, 0),
                List.of(new NodeStatus.GroupView("g1", new NodeStatus.RangeView("", ""), "n1", 4, List.of(replica))),
                List.of(), List.of());
        return new NodeMetrics(() -> status, () -> Map.of("g1", new NodeMetrics.DiskUsage(100, 200)));
    }

    @Test
    void countersGaugesAndHistogramsAreWrittenInTheLayoutOfThe0xClient() {
        NodeMetrics m = metrics();
        m.applied("g1", 3, 2_000_000);
        m.request("g1", "write", "ok");
        String text = m.scrape();
        List<String> lines = text.lines().toList();

        assertTrue(lines.contains("# HELP chorus_applied_entries_total Raft log entries applied to the state machine"), text);
        assertTrue(lines.contains("# TYPE chorus_applied_entries_total counter"), text);
        assertTrue(lines.contains("chorus_applied_entries_total{group=\"g1\",} 3.0"), text);
        assertTrue(lines.contains("chorus_client_requests_total{group=\"g1\",kind=\"write\",outcome=\"ok\",} 1.0"), text);
        assertTrue(lines.contains("# TYPE chorus_apply_batch_seconds histogram"), text);
        assertTrue(lines.contains("chorus_apply_batch_seconds_bucket{group=\"g1\",le=\"1.0E-4\",} 0.0"), text);
        assertTrue(lines.contains("chorus_apply_batch_seconds_bucket{group=\"g1\",le=\"0.0025\",} 1.0"), text);
        assertTrue(lines.contains("chorus_apply_batch_seconds_bucket{group=\"g1\",le=\"+Inf\",} 1.0"), text);
        assertTrue(lines.contains("chorus_apply_batch_seconds_count{group=\"g1\",} 1.0"), text);
        assertTrue(lines.contains("chorus_apply_batch_seconds_sum{group=\"g1\",} 0.002"), text);
        assertTrue(lines.contains("# TYPE chorus_raft_term gauge"), text);
        assertTrue(lines.contains("chorus_raft_term{group=\"g1\",} 4.0"), text);
        assertTrue(lines.contains("chorus_raft_is_leader{group=\"g1\",} 1.0"), text);
        assertTrue(lines.contains("chorus_raft_applied_index{group=\"g1\",} 10.0"), text);
        assertTrue(lines.contains("chorus_state_bytes{group=\"g1\",} 2048.0"), text);
        assertTrue(lines.contains("chorus_raft_log_bytes{group=\"g1\",} 100.0"), text);
        assertTrue(lines.contains("chorus_snapshot_bytes{group=\"g1\",} 200.0"), text);
        // A family with no series yet still announces itself.
        assertTrue(lines.contains("# TYPE chorus_snapshots_total counter"), text);
        // _created series come last, as gauges.
        int created = lines.indexOf("# TYPE chorus_applied_entries_created gauge");
        assertTrue(created > lines.indexOf("# TYPE chorus_state_bytes gauge"), text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("chorus_applied_entries_created{group=\"g1\",} ")), text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("chorus_apply_batch_seconds_created{group=\"g1\",} ")), text);
    }

    @Test
    void labelValuesAreEscaped() {
        NodeMetrics m = metrics();
        m.request("g1", "read", "a\"b\\c\nd");
        assertTrue(m.scrape().contains("outcome=\"a\\\"b\\\\c\\nd\",} 1.0"), m.scrape());
    }

    @Test
    void eachNodeHasARegistryOfItsOwn() {
        NodeMetrics first = metrics();
        NodeMetrics second = metrics();
        first.faultMessage("dropped");
        assertTrue(first.scrape().contains("chorus_fault_messages_total{action=\"dropped\",} 1.0"));
        assertFalse(second.scrape().contains("chorus_fault_messages_total{action="), second.scrape());
    }

    @Test
    void goFloatsAreWrittenAsPrometheusExpects() {
        assertEquals("+Inf", TextFormat004.goFloat(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", TextFormat004.goFloat(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", TextFormat004.goFloat(Double.NaN));
        assertEquals("1.0", TextFormat004.goFloat(1));
    }
}
