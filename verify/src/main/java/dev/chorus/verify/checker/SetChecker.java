package dev.chorus.verify.checker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.verify.history.HistoryFormatException;
import dev.chorus.verify.history.Op;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A grow-only set: {@code add} ops of unique elements, then a final {@code read} (ok, value = array of elements).
 *
 * <p>Against the last successful read: an acknowledged add that completed before the read began and is absent is
 * <b>lost</b>; a present element nobody tried to add is <b>unexpected</b>; a present element whose add failed
 * contradicts "fail means no effect"; an element read twice is a <b>duplicate</b>. Adds with an unknown outcome may
 * be present or absent. Without a successful read the verdict is unknown.
 */
public final class SetChecker implements Checker {
    @Override
    public String name() {
        return "set";
    }

    @Override
    public CheckResult check(List<Op> history) {
        Map<String, Op> adds = new HashMap<>();
        for (Op op : history) {
            if (op.f().equals("add")) {
                if (adds.put(element(op.value()), op) != null) {
                    throw new HistoryFormatException("set history: element " + op.value() + " added twice (op #" + op.index() + ")");
                }
            } else if (!op.f().equals("read")) {
                throw new HistoryFormatException("set history: unknown function \"" + op.f() + "\" at op #" + op.index());
            }
        }
        Optional<Op> finalRead = history.stream().filter(op -> op.ok() && op.f().equals("read"))
                .max(Comparator.comparingLong(Op::completeNanos));
        if (finalRead.isEmpty()) {
            return CheckResult.of(name(), history, List.of(), Map.of(), "no successful final read");
        }
        Op read = finalRead.get();
        if (read.value() == null || !read.value().isArray()) {
            throw new HistoryFormatException("set history: the read #" + read.index() + " has no array of elements");
        }
        List<Anomaly> anomalies = new ArrayList<>();
        Set<String> present = new HashSet<>();
        long recovered = 0;
        for (JsonNode node : read.value()) {
            String element = element(node);
            Op add = adds.get(element);
            if (!present.add(element)) {
                anomalies.add(new Anomaly("duplicate", "element " + element + " appears more than once in the final read", List.of(read)));
            } else if (add == null) {
                anomalies.add(new Anomaly("unexpected", "element " + element + " was read but never added", List.of(read)));
            } else if (add.failed()) {
                anomalies.add(new Anomaly("failed-add-present", "element " + element + " was read although its add failed", List.of(add, read)));
            } else if (add.outcomeUnknown()) {
                recovered++;
            }
        }
        for (Op add : adds.values()) {
            if (add.ok() && add.completeNanos() < read.invokeNanos() && !present.contains(element(add.value()))) {
                anomalies.add(new Anomaly("lost", "element " + add.value() + " was acknowledged before the final read began, but is absent", List.of(add, read)));
            }
        }
        anomalies.sort(Comparator.comparing((Anomaly a) -> a.ops().get(0).index()));
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("attempted", (long) adds.size());
        stats.put("acknowledged", adds.values().stream().filter(Op::ok).count());
        stats.put("read", (long) present.size());
        stats.put("info-present", recovered);
        return CheckResult.of(name(), history, anomalies, stats, null);
    }

    /** JSON text as identity, so 1 read back as an int equals 1 recorded as a long. */
    private static String element(JsonNode value) {
        return value == null ? "null" : value.toString();
    }
}
