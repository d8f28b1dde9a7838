package dev.chorus.gui.vm;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.NodeStatus;
import dev.chorus.events.NodeEvent;
import dev.chorus.gui.model.PromText;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metrics parsing, rates, windowed quantiles, the timeline and the event filter. */
class TrackersTest {

    @Test
    void prometheusTextIsParsedWithLabels() {
        List<PromText.Sample> s = PromText.parse("""
                # HELP chorus_txn_total x
                # TYPE chorus_txn_total counter
                chorus_txn_total{kind="two-phase",outcome="COMMITTED",} 195.0
                chorus_txn_commit_seconds_bucket{kind="two-phase",le="+Inf",} 254.0
                up 1
                garbage line without value x
                """);
        assertEquals(3, s.size());
        assertEquals("COMMITTED", s.get(0).label("outcome"));
        assertEquals(195.0, s.get(0).value());
        assertEquals("+Inf", s.get(1).label("le"));
        assertEquals("up", s.get(2).name());
    }

    @Test
    void ratesAndQuantilesComeFromDeltasAndSurviveCounterResets() {
        RateTracker rates = new RateTracker();
        assertTrue(Double.isNaN(rates.rate("k", 100, 1000)));
        assertEquals(50.0, rates.rate("k", 150, 2000), 1e-9);
        assertTrue(Double.isNaN(rates.rate("k", 3, 3000)), "a restarted node's counter");

        LatencyTracker q = new LatencyTracker();
        TreeMap<Double, Double> first = new TreeMap<>(Map.of(0.001, 10.0, 0.01, 10.0, Double.POSITIVE_INFINITY, 10.0));
        TreeMap<Double, Double> second = new TreeMap<>(Map.of(0.001, 10.0, 0.01, 108.0, Double.POSITIVE_INFINITY, 110.0));
        assertTrue(Double.isNaN(q.quantile("t", first, 0.99)));
        // Of the 100 new observations, 98 were <= 10 ms and 2 above: p99 falls in the +Inf bucket → its lower bound.
        assertEquals(0.01, q.quantile("t", second, 0.99), 1e-12);
        assertEquals(0.01, q.quantile("t", new TreeMap<>(Map.of(0.001, 10.0, 0.01, 208.0, Double.POSITIVE_INFINITY, 210.0)), 0.5), 1e-12);
    }

    private static ClusterStatus leader(String node, long term) {
        return new ClusterStatus(List.of(), List.of(new ClusterStatus.GroupEntry("g1", new NodeStatus.RangeView("", ""), node, term,
                List.of())), List.of());
    }

    @Test
    void timelineSplitsOnLeaderOrTermChangeAndDeduplicatesFaultReports() {
        TimelineModel t = new TimelineModel();
        t.onStatus(1000, leader("n1", 2));
        t.onStatus(1500, leader("n1", 2));
        t.onStatus(2000, leader(null, 3));
        t.onStatus(2500, leader("n3", 3));
        List<TimelineModel.Segment> s = t.segments("g1", 0);
        assertEquals(3, s.size());
        assertEquals(new TimelineModel.Segment("g1", "n1", 2, 1000, 2000), s.get(0));
        assertEquals("n3", s.get(2).leader());
        NodeEvent fault1 = new NodeEvent(1, 2100, "n1", null, NodeEvent.Types.FAULT_APPLIED, Map.of("faults", "n1->n2 cut"));
        NodeEvent fault2 = new NodeEvent(7, 2150, "n2", null, NodeEvent.Types.FAULT_APPLIED, Map.of("faults", "n1->n2 cut"));
        NodeEvent elected = new NodeEvent(8, 2400, "n3", "g1", NodeEvent.Types.LEADER_ELECTED, Map.of("term", 3));
        t.onEvents(List.of(fault1, fault2, elected));
        List<TimelineModel.Marker> m = t.markers(0);
        assertEquals(2, m.size(), "one fault marker for a fault every node reported, plus the election: " + m);
        assertEquals("g1 elected n3 (term 3)", m.get(1).text());
    }

    @Test
    void eventFilterMatchesNodeGroupTypeAndText() {
        NodeEvent e = new NodeEvent(1, 0, "n2", "g1", NodeEvent.Types.LEADER_ELECTED, Map.of("term", 7));
        assertTrue(EventFilter.ALL.test(e));
        assertTrue(new EventFilter("n2", "g1", NodeEvent.Types.LEADER_ELECTED, "term=7").test(e));
        assertTrue(!new EventFilter("n1", "", "", "").test(e));
        assertTrue(!new EventFilter("", "g2", "", "").test(e));
        assertTrue(!new EventFilter("", "", "", "term=8").test(e));
    }
}
