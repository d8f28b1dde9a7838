package dev.chorus.verify.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.verify.history.Op;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A random history of a linearizable register: every op takes effect at a random instant between its invocation and
 * completion, and results are computed in that order, so the history is valid by construction. Some ops end as info
 * (half of those took effect, half never did); such a process is replaced by a fresh one, as Jepsen does.
 */
final class SimulatedRegisterHistory {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One simulated op before its outcome is known; {@code effectAt} is when it takes effect, -1 for never. */
    private record Pending(int process, String f, String key, long expected, long written, long invoke,
                           long effectAt, long complete, boolean info) {
    }

    private SimulatedRegisterHistory() {
    }

    static List<Op> generate(int opCount, int keys, int processes, double infoRate, long seed) {
        Random random = new Random(seed);
        List<Pending> pending = new ArrayList<>(opCount);
        Map<String, List<Long>> written = new HashMap<>();
        PriorityQueue<long[]> free = new PriorityQueue<>(Comparator.comparingLong(p -> p[0])); // {time, process}
        for (int p = 0; p < processes; p++) {
            free.add(new long[]{random.nextInt(10), p});
        }
        int nextProcess = processes;
        long nextValue = 1;
        while (pending.size() < opCount) {
            long[] slot = free.poll();
            long invoke = slot[0];
            int process = (int) slot[1];
            String key = "k" + random.nextInt(keys);
            List<Long> history = written.computeIfAbsent(key, k -> new ArrayList<>());
            int dice = random.nextInt(10);
            String f = dice < 5 ? "read" : dice < 8 ? "write" : "cas";
            long expected = history.isEmpty() ? 0 : history.get(Math.max(0, history.size() - 1 - random.nextInt(3)));
            long value = f.equals("read") ? 0 : nextValue++;
            if (!f.equals("read")) {
                history.add(value);
            }
            long effect = invoke + 1 + random.nextInt(20);
            long complete = effect + 1 + random.nextInt(20);
            boolean info = random.nextDouble() < infoRate;
            pending.add(new Pending(process, f, key, expected, value, invoke, info && random.nextBoolean() ? -1 : effect,
                    complete, info));
            free.add(new long[]{complete + random.nextInt(5), info ? nextProcess++ : process});
        }
        return outcomes(pending);
    }

    /** Applies the ops in the order they take effect and records what each client saw. */
    private static List<Op> outcomes(List<Pending> pending) {
        List<Pending> byEffect = new ArrayList<>(pending.stream().filter(p -> p.effectAt() >= 0).toList());
        byEffect.sort(Comparator.comparingLong(Pending::effectAt));
        Map<String, Long> register = new HashMap<>();
        Map<Pending, Long> readValue = new HashMap<>();
        Map<Pending, Boolean> casApplied = new HashMap<>();
        for (Pending p : byEffect) {
            long current = register.getOrDefault(p.key(), 0L);
            switch (p.f()) {
                case "read" -> readValue.put(p, current);
                case "write" -> register.put(p.key(), p.written());
                default -> {
                    boolean applies = current == p.expected();
                    casApplied.put(p, applies);
                    if (applies) {
                        register.put(p.key(), p.written());
                    }
                }
            }
        }
        List<Pending> byCompletion = new ArrayList<>(pending);
        byCompletion.sort(Comparator.comparingLong(Pending::complete));
        List<Op> ops = new ArrayList<>(pending.size());
        for (Pending p : byCompletion) {
            Op.Type type = p.info() ? Op.Type.INFO
                    : p.f().equals("cas") && !casApplied.get(p) ? Op.Type.FAIL : Op.Type.OK;
            JsonNode value = switch (p.f()) {
                case "read" -> type == Op.Type.OK && readValue.get(p) != 0 ? NODES.numberNode(readValue.get(p)) : null;
                case "write" -> NODES.numberNode(p.written());
                default -> NODES.arrayNode().add(p.expected() == 0 ? NODES.nullNode() : NODES.numberNode(p.expected()))
                        .add(p.written());
            };
            ops.add(new Op(ops.size(), p.process(), type, p.f(), p.key(), value, p.invoke(), p.complete()));
        }
        return ops;
    }
}
