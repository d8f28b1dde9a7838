package dev.chorus.gui.vm;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.events.NodeEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leader and term of each group over time, with faults, elections and node state changes marked, so that "I
 * isolated n1 at 12:01:03, g2 elected n3 at 12:01:04" can be read off one picture. Fed by every poll and by the
 * nodes' events; keeps {@link #HISTORY_MS} of history.
 */
public final class TimelineModel {
    public static final long HISTORY_MS = 10 * 60_000;
    /** The same fault or failpoint event reported by several nodes within this window is one marker. */
    private static final long DEDUP_MS = 2000;

    /** A stretch of time in which {@code group} had {@code leader} (null: none) in {@code term}. */
    public record Segment(String group, String leader, long term, long fromMs, long toMs) {
    }

    /** A point in time worth a mark: {@code kind} is election, fault, heal, node or txn. */
    public record Marker(long atMs, String group, String kind, String text) {
    }

    private final Map<String, Deque<Segment>> segments = new LinkedHashMap<>();
    private final Deque<Marker> markers = new ArrayDeque<>();
    private final Map<String, NodeHealth> lastHealth = new HashMap<>();

    public void onStatus(long atMs, ClusterStatus status) {
        for (ClusterStatus.GroupEntry g : status.groups()) {
            Deque<Segment> list = segments.computeIfAbsent(g.id(), k -> new ArrayDeque<>());
            Segment last = list.peekLast();
            if (last != null && java.util.Objects.equals(last.leader(), g.leader()) && last.term() == g.term()) {
                list.pollLast();
                list.addLast(new Segment(g.id(), g.leader(), g.term(), last.fromMs(), atMs));
            } else {
                if (last != null) {
                    list.pollLast();
                    list.addLast(new Segment(last.group(), last.leader(), last.term(), last.fromMs(), atMs));
                }
                list.addLast(new Segment(g.id(), g.leader(), g.term(), atMs, atMs));
            }
            while (!list.isEmpty() && list.peekFirst().toMs() < atMs - HISTORY_MS) {
                list.pollFirst();
            }
        }
        while (!markers.isEmpty() && markers.peekFirst().atMs() < atMs - HISTORY_MS) {
            markers.pollFirst();
        }
    }

    public void onNodeHealth(long atMs, List<ClusterViewModel.NodeCard> cards) {
        for (ClusterViewModel.NodeCard c : cards) {
            NodeHealth before = lastHealth.put(c.id(), c.health());
            if (before != null && before != c.health()) {
                add(new Marker(atMs, null, "node", c.id() + " " + c.health().label().toLowerCase()));
            }
        }
    }

    public void onEvents(List<NodeEvent> events) {
        for (NodeEvent e : events) {
            switch (e.type()) {
                case NodeEvent.Types.LEADER_ELECTED -> add(new Marker(e.timestampMs(), e.group(), "election",
                        e.group() + " elected " + e.node() + " (term " + e.details().get("term") + ")"));
                case NodeEvent.Types.FAULT_APPLIED -> dedup(new Marker(e.timestampMs(), null, "fault", "fault: " + e.details().get("faults")));
                case NodeEvent.Types.FAULT_HEALED -> dedup(new Marker(e.timestampMs(), null, "heal", "healed " + e.details().get("faults")));
                case NodeEvent.Types.FAILPOINT_FIRED -> add(new Marker(e.timestampMs(), null, "fault",
                        e.node() + " crashed at failpoint " + e.details().get("failpoint")));
                case NodeEvent.Types.TXN_RESOLVED -> add(new Marker(e.timestampMs(), e.group(), "txn",
                        "resolved " + e.details().get("txn") + " → " + e.details().get("outcome")));
                default -> {
                }
            }
        }
    }

    private void dedup(Marker m) {
        for (Marker x : markers) {
            if (x.text().equals(m.text()) && Math.abs(x.atMs() - m.atMs()) < DEDUP_MS) {
                return;
            }
        }
        add(m);
    }

    private void add(Marker m) {
        markers.addLast(m);
    }

    public List<String> groups() {
        return List.copyOf(segments.keySet());
    }

    public List<Segment> segments(String group, long sinceMs) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments.getOrDefault(group, new ArrayDeque<>())) {
            if (s.toMs() >= sinceMs) {
                out.add(s);
            }
        }
        return out;
    }

    public List<Marker> markers(long sinceMs) {
        return markers.stream().filter(m -> m.atMs() >= sinceMs).toList();
    }
}
