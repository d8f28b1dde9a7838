package dev.chorus.verify.report;

import dev.chorus.verify.nemesis.NemesisEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span of time a fault was in place, from the nemesis log: a start paired with the next stop (or error) of the
 * same fault; a fault never stopped lasts until {@code end}.
 */
public record FaultInterval(String fault, String detail, long startNanos, long endNanos) {

    public static List<FaultInterval> of(List<NemesisEvent> events, long end) {
        List<FaultInterval> out = new ArrayList<>();
        Map<String, NemesisEvent> open = new LinkedHashMap<>();
        for (NemesisEvent e : events.stream().sorted(java.util.Comparator.comparingLong(NemesisEvent::time)).toList()) {
            if (e.phase().equals(NemesisEvent.START)) {
                open.put(e.fault(), e);
            } else {
                NemesisEvent start = open.remove(e.fault());
                if (start != null) {
                    out.add(new FaultInterval(e.fault(), start.detail(), start.time(), e.time()));
                }
            }
        }
        open.values().forEach(s -> out.add(new FaultInterval(s.fault(), s.detail(), s.time(), Math.max(s.time(), end))));
        return out;
    }
}
