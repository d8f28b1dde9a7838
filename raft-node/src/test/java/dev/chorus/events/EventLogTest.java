package dev.chorus.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventLogTest {

    @Test
    void keepsTheLastEventsAndReplaysAfterASequenceNumber() {
        EventLog log = new EventLog("n1", 3);
        for (int i = 0; i < 5; i++) {
            log.record("g1", "T" + i, Map.of("i", i));
        }
        assertEquals(List.of(3L, 4L, 5L), log.since(0).stream().map(NodeEvent::seq).toList());
        assertEquals(List.of(5L), log.since(4).stream().map(NodeEvent::seq).toList());
        assertEquals("T4", log.since(4).get(0).type());
    }

    @Test
    void subscribersSeeEveryLaterEventAndNothingAfterUnsubscribing() {
        EventLog log = new EventLog("n1", 10);
        log.record(null, "BEFORE", Map.of());
        List<NodeEvent> seen = new ArrayList<>();
        java.util.function.Consumer<NodeEvent> subscriber = seen::add;
        List<NodeEvent> replay = log.replayAndSubscribe(0, subscriber);
        assertEquals(1, replay.size());
        log.record("g2", "AFTER", Map.of());
        assertEquals(List.of("AFTER"), seen.stream().map(NodeEvent::type).toList());
        log.unsubscribe(subscriber);
        log.record("g2", "UNSEEN", Map.of());
        assertEquals(1, seen.size());
        assertEquals(3, log.since(0).size());
    }
}
