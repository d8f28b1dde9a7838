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
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Per-key linearizability of a read/write/compare-and-set register (every key starts with no value).
 *
 * <p>History format: {@code read} ok ops carry the value read (null: no value); {@code write} carries the value
 * written; {@code cas} carries {@code [expected, new]}. A failed op certainly had no effect and is dropped (as in
 * Knossos), so a cas that "failed" but whose value is later read is caught like any other unexplained value. Reads
 * with an unknown outcome constrain nothing and are dropped too; writes and cas with an unknown outcome may take
 * effect at any point after their invocation, or never.
 *
 * <p>Keys are independent (linearizability is local), so each is searched on its own with {@link WglSearch}; a
 * key whose search explores more than {@code stateBudget} configurations is reported as unknown, not valid.
 */
public final class RegisterChecker implements Checker {
    public static final long DEFAULT_STATE_BUDGET = 2_000_000;

    private final long stateBudget;

    public RegisterChecker() {
        this(DEFAULT_STATE_BUDGET);
    }

    public RegisterChecker(long stateBudget) {
        if (stateBudget < 1) {
            throw new IllegalArgumentException("state budget must be positive");
        }
        this.stateBudget = stateBudget;
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public CheckResult check(List<Op> history) {
        ValueTable values = new ValueTable();
        Map<String, List<RegisterOp>> byKey = new TreeMap<>();
        for (Op op : history) {
            RegisterOp parsed = parse(op, values);
            if (parsed != null) {
                byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(parsed);
            }
        }
        List<Anomaly> anomalies = new ArrayList<>();
        List<String> gaveUp = new ArrayList<>();
        long states = 0;
        long dropped = 0;
        for (Map.Entry<String, List<RegisterOp>> key : byKey.entrySet()) {
            List<RegisterOp> ops = withoutUnobservedUnknowns(key.getValue());
            dropped += key.getValue().size() - ops.size();
            ops.sort(Comparator.comparingLong(RegisterOp::invoke));
            WglSearch.Outcome outcome = new WglSearch(ops, stateBudget).run();
            states += outcome.states();
            switch (outcome.ending()) {
                case NOT_LINEARIZABLE -> anomalies.add(explain(key.getKey(), outcome, values));
                case GAVE_UP -> gaveUp.add(key.getKey());
                case LINEARIZABLE -> { }
            }
        }
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("keys", (long) byKey.size());
        stats.put("states-explored", states);
        stats.put("keys-gave-up", (long) gaveUp.size());
        stats.put("unobserved-info-ops-dropped", dropped);
        String reason = gaveUp.isEmpty() ? null
                : "search gave up after " + stateBudget + " states on key(s) " + String.join(", ", gaveUp);
        return CheckResult.of(name(), history, anomalies, stats, reason);
    }

    /**
     * Drops writes and cas with an unknown outcome whose new value no op observes (no successful read returns it,
     * no cas expects it). This changes no verdict: such an op may never take effect; and if it did in some
     * linearization, the next op to touch the register cannot have depended on its value, so it is a write and the
     * op can be taken out. Without this, every such op doubles the configurations from its invocation on, which is
     * what makes WGL explode on histories with many timeouts. Repeated until nothing changes, because a dropped cas
     * no longer observes its expected value.
     */
    private static List<RegisterOp> withoutUnobservedUnknowns(List<RegisterOp> ops) {
        List<RegisterOp> kept = new ArrayList<>(ops);
        while (true) {
            Set<Integer> observed = new HashSet<>();
            for (RegisterOp op : kept) {
                if (op.kind() != RegisterOp.Kind.WRITE) {
                    observed.add(op.a()); // a read's value or a cas's expected value
                }
            }
            int before = kept.size();
            kept.removeIf(op -> op.unknownOutcome() && op.kind() != RegisterOp.Kind.READ
                    && !observed.contains(op.kind() == RegisterOp.Kind.WRITE ? op.a() : op.b()));
            if (kept.size() == before) {
                return kept;
            }
        }
    }

    private static RegisterOp parse(Op op, ValueTable values) {
        if (op.failed()) {
            return null;
        }
        if (op.key() == null) {
            throw new HistoryFormatException("register op #" + op.index() + " has no key");
        }
        long complete = op.outcomeUnknown() ? Long.MAX_VALUE : op.completeNanos();
        JsonNode v = op.value();
        return switch (op.f()) {
            case "read" -> op.ok() ? new RegisterOp(op, RegisterOp.Kind.READ, values.id(v), 0, op.invokeNanos(), complete) : null;
            case "write" -> new RegisterOp(op, RegisterOp.Kind.WRITE, values.id(v), 0, op.invokeNanos(), complete);
            case "cas" -> {
                if (v == null || !v.isArray() || v.size() != 2) {
                    throw new HistoryFormatException("cas op #" + op.index() + " needs [expected, new], got " + v);
                }
                yield new RegisterOp(op, RegisterOp.Kind.CAS, values.id(v.get(0)), values.id(v.get(1)), op.invokeNanos(), complete);
            }
            default -> throw new HistoryFormatException("register history: unknown function \"" + op.f() + "\" at op #" + op.index());
        };
    }

    private static Anomaly explain(String key, WglSearch.Outcome outcome, ValueTable values) {
        RegisterOp stuck = outcome.stuck();
        String could = outcome.possibleValues().stream().map(values::text).sorted().collect(Collectors.joining(", "));
        String explanation = "key " + key + ": no order of its ops consistent with real time explains op #"
                + stuck.op().index() + " (" + describe(stuck, values) + "): when it had to take effect the register could only hold "
                + "{" + could + "}" + (outcome.lastPlaced() == null ? "" : ", after op #" + outcome.lastPlaced().op().index());
        List<Op> ops = new ArrayList<>();
        ops.add(stuck.op());
        if (outcome.lastPlaced() != null) {
            ops.add(outcome.lastPlaced().op());
        }
        outcome.concurrent().stream().map(RegisterOp::op).filter(op -> !ops.contains(op)).forEach(ops::add);
        return new Anomaly("nonlinearizable", explanation, ops);
    }

    private static String describe(RegisterOp op, ValueTable values) {
        return switch (op.kind()) {
            case READ -> "read " + values.text(op.a());
            case WRITE -> "write " + values.text(op.a());
            case CAS -> "cas " + values.text(op.a()) + " -> " + values.text(op.b());
        };
    }

    /** Interns register values as ints so the search compares and memoizes them cheaply. */
    private static final class ValueTable {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> texts = new ArrayList<>(List.of("nil"));

        int id(JsonNode value) {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return RegisterOp.NIL;
            }
            // JSON text, so 1 and "1" differ but an int and a long holding 1 do not.
            String text = value.toString();
            return ids.computeIfAbsent(text, t -> {
                texts.add(t);
                return texts.size() - 1;
            });
        }

        String text(int id) {
            return texts.get(id);
        }
    }
}
