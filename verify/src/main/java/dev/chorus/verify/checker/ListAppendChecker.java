package dev.chorus.verify.checker;

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
 * Elle's list-append checker. Transactions read keys ({@code r k}, seeing a list) and append unique elements to them
 * ({@code append k e}); because every append is unique and lists only grow, the longest read of a key reveals the
 * order of its versions, and every other read must be a prefix of it ({@code incompatible-order} otherwise). From
 * that order come the dependencies ww (consecutive appends), wr (a read ending with an append) and rw (a read
 * followed by the next append), plus real-time order when checking strict serializability; every cycle is an
 * anomaly ({@link CycleSearch}). Without cycles, reads still show G1a (an element appended by a failed txn),
 * G1b (a list ending at an element that was not its writer's last append to the key), duplicates, elements never
 * appended, and lost appends (acknowledged, absent from every read that began after the txn completed).
 */
public final class ListAppendChecker implements Checker {
    private final boolean realtime;

    /** Checks strict serializability (with real-time order). */
    public ListAppendChecker() {
        this(true);
    }

    /** @param realtime true: strict serializability; false: serializability (real-time order ignored) */
    public ListAppendChecker(boolean realtime) {
        this.realtime = realtime;
    }

    @Override
    public String name() {
        return "list-append";
    }

    /** The per-key indexes the checks share. */
    private record Appends(Map<String, Map<String, AppendTxn>> writerOf, Map<String, Map<Integer, String>> lastAppend) {
        AppendTxn writer(String key, String element) {
            return writerOf.getOrDefault(key, Map.of()).get(element);
        }
    }

    @Override
    public CheckResult check(List<Op> history) {
        List<AppendTxn> txns = new ArrayList<>();
        for (Op op : history) {
            txns.add(AppendTxn.parse(txns.size(), op));
        }
        Appends appends = indexAppends(txns);
        List<Anomaly> anomalies = new ArrayList<>();
        Set<Integer> observed = new HashSet<>();
        checkReads(txns, appends, observed, anomalies);
        Map<String, List<String>> versions = versionOrders(txns, anomalies);
        long unread = checkLost(txns, versions, anomalies);
        DependencyGraph graph = graph(txns, appends, observed, versions);
        for (CycleSearch.Cycle cycle : new CycleSearch(graph).find(realtime)) {
            anomalies.add(explain(cycle, txns));
        }
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("txns", (long) txns.size());
        stats.put("graph-nodes", (long) graph.nodes().size());
        stats.put("graph-edges", graph.edgeCount());
        stats.put("keys", (long) versions.size());
        stats.put("unread-appends", unread);
        stats.put("info-txns-observed", observed.stream().filter(id -> txns.get(id).op().outcomeUnknown()).count());
        return CheckResult.of(name(), history, anomalies, stats, null);
    }

    private static Appends indexAppends(List<AppendTxn> txns) {
        Map<String, Map<String, AppendTxn>> writerOf = new HashMap<>();
        Map<String, Map<Integer, String>> lastAppend = new HashMap<>();
        for (AppendTxn txn : txns) {
            for (AppendTxn.MicroOp m : txn.ops()) {
                if (m.append()) {
                    AppendTxn previous = writerOf.computeIfAbsent(m.key(), k -> new HashMap<>()).put(m.element(), txn);
                    if (previous != null) {
                        throw new HistoryFormatException("list-append history: element " + m.element() + " appended to "
                                + m.key() + " twice (ops #" + previous.op().index() + " and #" + txn.op().index()
                                + "); appends must be unique per key");
                    }
                    lastAppend.computeIfAbsent(m.key(), k -> new HashMap<>()).put(txn.id(), m.element());
                }
            }
        }
        return new Appends(writerOf, lastAppend);
    }

    /** Per-read anomalies (duplicates, never appended, G1a, G1b); collects the txns whose appends were seen. */
    private static void checkReads(List<AppendTxn> txns, Appends appends, Set<Integer> observed, List<Anomaly> anomalies) {
        for (AppendTxn txn : txns) {
            for (AppendTxn.MicroOp m : txn.ops()) {
                if (m.append() || m.read() == null) {
                    continue;
                }
                Set<String> seen = new HashSet<>();
                for (String element : m.read()) {
                    AppendTxn writer = appends.writer(m.key(), element);
                    if (!seen.add(element)) {
                        anomalies.add(new Anomaly("duplicate-elements", "read of " + m.key() + " holds " + element
                                + " more than once: " + m.read(), List.of(txn.op())));
                    } else if (writer == null) {
                        anomalies.add(new Anomaly("unexpected-element", "read of " + m.key() + " holds " + element
                                + ", which no transaction appended", List.of(txn.op())));
                    } else if (writer.op().failed()) {
                        anomalies.add(new Anomaly("G1a", "aborted read: " + m.key() + " holds " + element
                                + ", appended by a transaction that failed", List.of(writer.op(), txn.op())));
                    } else if (writer != txn) {
                        observed.add(writer.id());
                    }
                }
                if (!m.read().isEmpty()) {
                    String last = m.read().get(m.read().size() - 1);
                    AppendTxn writer = appends.writer(m.key(), last);
                    if (writer != null && writer != txn && !writer.op().failed()
                            && !last.equals(appends.lastAppend().get(m.key()).get(writer.id()))) {
                        anomalies.add(new Anomaly("G1b", "intermediate read: " + m.key() + " ends at " + last
                                + ", but its writer appended " + appends.lastAppend().get(m.key()).get(writer.id())
                                + " after it", List.of(writer.op(), txn.op())));
                    }
                }
            }
        }
    }

    /** The longest read of each key; reads that are not a prefix of it make its order unknowable. */
    private static Map<String, List<String>> versionOrders(List<AppendTxn> txns, List<Anomaly> anomalies) {
        Map<String, AppendTxn> longestBy = new TreeMap<>();
        Map<String, List<String>> longest = new TreeMap<>();
        forEachRead(txns, (txn, m) -> {
            if (m.read().size() >= longest.getOrDefault(m.key(), List.of()).size()) {
                longest.put(m.key(), m.read());
                longestBy.put(m.key(), txn);
            }
        });
        Set<String> incompatible = new HashSet<>();
        forEachRead(txns, (txn, m) -> {
            List<String> order = longest.get(m.key());
            if (!order.subList(0, m.read().size()).equals(m.read()) && incompatible.add(m.key())) {
                anomalies.add(new Anomaly("incompatible-order", "reads of " + m.key() + " disagree on its order: "
                        + m.read() + " is not a prefix of " + order, List.of(txn.op(), longestBy.get(m.key()).op())));
            }
        });
        incompatible.forEach(longest::remove);
        return longest;
    }

    /** Counts appends nobody read yet; reports those absent from a read that began after they were acknowledged. */
    private static long checkLost(List<AppendTxn> txns, Map<String, List<String>> versions, List<Anomaly> anomalies) {
        Map<String, List<AppendTxn>> readersOf = new HashMap<>();
        forEachRead(txns, (txn, m) -> readersOf.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(txn));
        readersOf.values().forEach(readers -> readers.sort(Comparator.comparingLong(t -> t.op().invokeNanos())));
        long unread = 0;
        for (AppendTxn txn : txns) {
            if (!txn.op().ok()) {
                continue;
            }
            for (AppendTxn.MicroOp m : txn.ops()) {
                if (!m.append() || !versions.containsKey(m.key()) || versions.get(m.key()).contains(m.element())) {
                    continue;
                }
                AppendTxn laterReader = readersOf.getOrDefault(m.key(), List.of()).stream()
                        .filter(r -> r.op().invokeNanos() > txn.op().completeNanos()).findFirst().orElse(null);
                if (laterReader == null) {
                    unread++;
                } else {
                    anomalies.add(new Anomaly("lost-append", "append of " + m.element() + " to " + m.key()
                            + " was acknowledged, but no read shows it, not even one that began after it completed",
                            List.of(txn.op(), laterReader.op())));
                }
            }
        }
        return unread;
    }

    private DependencyGraph graph(List<AppendTxn> txns, Appends appends, Set<Integer> observed,
                                  Map<String, List<String>> versions) {
        DependencyGraph graph = new DependencyGraph();
        for (AppendTxn txn : txns) {
            // Failed txns had no effect; an info txn took part only if one of its appends was seen.
            if (txn.op().ok() || observed.contains(txn.id())) {
                graph.addNode(txn.id());
            }
        }
        versions.forEach((key, order) -> {
            for (int i = 0; i + 1 < order.size(); i++) {
                graph.add(writerId(appends, key, order.get(i)), writerId(appends, key, order.get(i + 1)), Dependency.WW, key);
            }
        });
        forEachRead(txns, (txn, m) -> {
            List<String> order = versions.get(m.key());
            if (order == null) {
                return;
            }
            int lastWriter = m.read().isEmpty() ? -1 : writerId(appends, m.key(), m.read().get(m.read().size() - 1));
            if (lastWriter >= 0) {
                graph.add(lastWriter, txn.id(), Dependency.WR, m.key());
            }
            // The next version by another txn than the one read: a later append of the same writer is its own.
            for (int i = m.read().size(); i < order.size(); i++) {
                int next = writerId(appends, m.key(), order.get(i));
                if (next != lastWriter) {
                    graph.add(txn.id(), next, Dependency.RW, m.key());
                    break;
                }
            }
        });
        if (realtime) {
            addRealtime(graph, txns);
        }
        return graph;
    }

    private static int writerId(Appends appends, String key, String element) {
        AppendTxn writer = appends.writer(key, element);
        return writer == null ? -1 : writer.id();
    }

    /**
     * Real-time order, transitively reduced as Elle does: a txn gets edges only from the completed txns no later
     * completion has superseded (the frontier), which keeps the edges near one per concurrent txn.
     */
    private static void addRealtime(DependencyGraph graph, List<AppendTxn> txns) {
        record Event(long time, boolean invoke, int txn) {
        }
        List<Event> events = new ArrayList<>();
        for (int id : graph.nodes()) {
            Op op = txns.get(id).op();
            events.add(new Event(op.invokeNanos(), true, id));
            if (op.ok()) {
                events.add(new Event(op.completeNanos(), false, id));
            }
        }
        // At equal times the invocation goes first: touching intervals count as concurrent, the lenient reading.
        events.sort(Comparator.comparingLong(Event::time).thenComparing(e -> !e.invoke()));
        Set<Integer> frontier = new HashSet<>();
        Map<Integer, Set<Integer>> predecessors = new HashMap<>();
        for (Event e : events) {
            if (e.invoke()) {
                predecessors.put(e.txn(), Set.copyOf(frontier));
                frontier.forEach(p -> graph.add(p, e.txn(), Dependency.REALTIME, null));
            } else {
                frontier.removeAll(predecessors.get(e.txn()));
                frontier.add(e.txn());
            }
        }
    }

    private static void forEachRead(List<AppendTxn> txns, java.util.function.BiConsumer<AppendTxn, AppendTxn.MicroOp> action) {
        for (AppendTxn txn : txns) {
            if (txn.op().ok()) {
                for (AppendTxn.MicroOp m : txn.ops()) {
                    if (!m.append()) {
                        action.accept(txn, m);
                    }
                }
            }
        }
    }

    private static Anomaly explain(CycleSearch.Cycle cycle, List<AppendTxn> txns) {
        StringBuilder text = new StringBuilder("cycle: ");
        for (int i = 0; i < cycle.txns().size(); i++) {
            Dependency step = cycle.steps().get(i);
            text.append("T").append(txns.get(cycle.txns().get(i)).op().index()).append(" -")
                    .append(step.label).append(step == Dependency.REALTIME ? "" : "(" + cycle.keys().get(i) + ")").append("-> ");
        }
        text.append("T").append(txns.get(cycle.txns().get(0)).op().index());
        return new Anomaly(cycle.name(), text.toString(),
                cycle.txns().stream().map(id -> txns.get(id).op()).collect(Collectors.toList()));
    }
}
