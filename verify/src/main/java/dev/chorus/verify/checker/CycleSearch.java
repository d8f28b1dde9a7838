package dev.chorus.verify.checker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.chorus.verify.checker.Dependency.REALTIME;
import static dev.chorus.verify.checker.Dependency.RW;
import static dev.chorus.verify.checker.Dependency.WR;
import static dev.chorus.verify.checker.Dependency.WW;

/**
 * Finds dependency cycles and names them as Elle does. The graph is split into strongly connected components
 * (Tarjan); in each, the search looks for the most severe kind of cycle first, each time with only the edges that
 * kind allows: G0 (ww only), G1c (ww and wr), G-single (exactly one rw), G2-item (two or more rw); then, when
 * real-time order is checked, the same kinds with real-time edges ({@code -realtime}: serializable, but not strictly).
 */
final class CycleSearch {
    /** A cycle: txns in order, and the dependency (and key) leading from each to the next, the last back to the first. */
    record Cycle(String name, List<Integer> txns, List<Dependency> steps, List<String> keys) {
    }

    /** Single-rw searches run a BFS per rw edge; past this many a huge component is not worth more time. */
    private static final int MAX_RW_TRIES = 2_000;
    private static final Dependency[] LABEL_PREFERENCE = {WW, WR, REALTIME, RW};

    private record Kind(String name, int mask, boolean singleRw) {
    }

    private final DependencyGraph graph;

    CycleSearch(DependencyGraph graph) {
        this.graph = graph;
    }

    List<Cycle> find(boolean realtime) {
        List<Kind> kinds = new ArrayList<>(List.of(
                new Kind("G0", Dependency.mask(WW), false),
                new Kind("G1c", Dependency.mask(WW, WR), false),
                new Kind("G-single", Dependency.mask(WW, WR), true),
                new Kind("G2-item", Dependency.mask(WW, WR, RW), false)));
        if (realtime) {
            kinds.add(new Kind("G0-realtime", Dependency.mask(WW, REALTIME), false));
            kinds.add(new Kind("G1c-realtime", Dependency.mask(WW, WR, REALTIME), false));
            kinds.add(new Kind("G-single-realtime", Dependency.mask(WW, WR, REALTIME), true));
            kinds.add(new Kind("G2-item-realtime", Dependency.mask(WW, WR, RW, REALTIME), false));
        }
        int all = kinds.get(kinds.size() - 1).mask();
        List<Cycle> cycles = new ArrayList<>();
        for (List<Integer> component : components(graph.nodes(), null, all)) {
            if (component.size() < 2) {
                continue;
            }
            Set<Integer> within = new HashSet<>(component);
            for (Kind kind : kinds) {
                Cycle cycle = kind.singleRw() ? singleRwCycle(kind, within) : anyCycle(kind, within);
                if (cycle != null) {
                    cycles.add(cycle);
                    break;
                }
            }
        }
        return cycles;
    }

    private Cycle anyCycle(Kind kind, Set<Integer> within) {
        for (List<Integer> component : components(within, within, kind.mask())) {
            if (component.size() >= 2) {
                Set<Integer> sub = new HashSet<>(component);
                int start = component.get(0);
                // Shortest path from a successor of start back to start closes the shortest cycle through start.
                List<Integer> best = null;
                for (Map.Entry<Integer, DependencyGraph.Edge> e : graph.successors(start).entrySet()) {
                    if (sub.contains(e.getKey()) && (e.getValue().mask() & kind.mask()) != 0) {
                        List<Integer> path = shortestPath(e.getKey(), start, sub, kind.mask());
                        if (path != null && (best == null || path.size() < best.size())) {
                            best = path;
                        }
                    }
                }
                if (best != null) {
                    List<Integer> txns = new ArrayList<>();
                    txns.add(start);
                    txns.addAll(best.subList(0, best.size() - 1));
                    return label(kind.name(), txns, kind.mask(), -1);
                }
            }
        }
        return null;
    }

    private Cycle singleRwCycle(Kind kind, Set<Integer> within) {
        List<Integer> best = null;
        int tries = 0;
        for (int from : within) {
            for (Map.Entry<Integer, DependencyGraph.Edge> e : graph.successors(from).entrySet()) {
                if (!within.contains(e.getKey()) || (e.getValue().mask() & RW.bit()) == 0) {
                    continue;
                }
                if (++tries > MAX_RW_TRIES) {
                    return best == null ? null : label(kind.name(), best, kind.mask(), 0);
                }
                List<Integer> back = shortestPath(e.getKey(), from, within, kind.mask());
                if (back != null && (best == null || back.size() < best.size())) {
                    List<Integer> txns = new ArrayList<>();
                    txns.add(from);
                    txns.addAll(back.subList(0, back.size() - 1));
                    best = txns;
                }
            }
        }
        return best == null ? null : label(kind.name(), best, kind.mask(), 0);
    }

    /** The shortest path from {@code from} to {@code to} (both included) over {@code mask} edges inside {@code within}. */
    private List<Integer> shortestPath(int from, int to, Set<Integer> within, int mask) {
        Map<Integer, Integer> parent = new HashMap<>();
        Deque<Integer> queue = new ArrayDeque<>();
        parent.put(from, from);
        queue.add(from);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            if (node == to) {
                List<Integer> path = new ArrayList<>();
                for (int n = to; n != from; n = parent.get(n)) {
                    path.add(0, n);
                }
                path.add(0, from);
                return path;
            }
            for (Map.Entry<Integer, DependencyGraph.Edge> e : graph.successors(node).entrySet()) {
                int next = e.getKey();
                if (within.contains(next) && (e.getValue().mask() & mask) != 0 && !parent.containsKey(next)) {
                    parent.put(next, node);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    /** Names each step of a cycle; {@code rwStep} is the step that must be read as rw (-1: none is forced). */
    private Cycle label(String name, List<Integer> txns, int mask, int rwStep) {
        List<Dependency> steps = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < txns.size(); i++) {
            DependencyGraph.Edge edge = graph.edge(txns.get(i), txns.get((i + 1) % txns.size()));
            Dependency step = i == rwStep ? RW : preferred(edge.mask() & mask);
            steps.add(step);
            keys.add(edge.key(step));
        }
        return new Cycle(name, List.copyOf(txns), List.copyOf(steps), keys);
    }

    private static Dependency preferred(int mask) {
        for (Dependency d : LABEL_PREFERENCE) {
            if ((mask & d.bit()) != 0) {
                return d;
            }
        }
        throw new IllegalStateException("edge without a dependency");
    }

    /**
     * Tarjan's strongly connected components over {@code mask} edges, restricted to {@code within} (null: all
     * nodes); iterative, because a long chain of transactions would overflow the call stack.
     */
    List<List<Integer>> components(Collection<Integer> nodes, Set<Integer> within, int mask) {
        Map<Integer, Integer> index = new HashMap<>();
        Map<Integer, Integer> low = new HashMap<>();
        Set<Integer> onStack = new HashSet<>();
        Deque<Integer> stack = new ArrayDeque<>();
        Deque<Map.Entry<Integer, Iterator<Map.Entry<Integer, DependencyGraph.Edge>>>> calls = new ArrayDeque<>();
        List<List<Integer>> components = new ArrayList<>();
        for (int root : nodes) {
            if (index.containsKey(root)) {
                continue;
            }
            visit(root, index, low, onStack, stack, calls);
            while (!calls.isEmpty()) {
                int node = calls.peek().getKey();
                Iterator<Map.Entry<Integer, DependencyGraph.Edge>> edges = calls.peek().getValue();
                if (edges.hasNext()) {
                    Map.Entry<Integer, DependencyGraph.Edge> e = edges.next();
                    int next = e.getKey();
                    if ((e.getValue().mask() & mask) == 0 || (within != null && !within.contains(next))) {
                        continue;
                    }
                    if (!index.containsKey(next)) {
                        visit(next, index, low, onStack, stack, calls);
                    } else if (onStack.contains(next)) {
                        low.put(node, Math.min(low.get(node), index.get(next)));
                    }
                    continue;
                }
                calls.pop();
                if (low.get(node).equals(index.get(node))) {
                    List<Integer> component = new ArrayList<>();
                    int member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (member != node);
                    components.add(component);
                }
                if (!calls.isEmpty()) {
                    int parent = calls.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
            }
        }
        return components;
    }

    private void visit(int node, Map<Integer, Integer> index, Map<Integer, Integer> low, Set<Integer> onStack,
                       Deque<Integer> stack, Deque<Map.Entry<Integer, Iterator<Map.Entry<Integer, DependencyGraph.Edge>>>> calls) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        calls.push(Map.entry(node, graph.successors(node).entrySet().iterator()));
    }
}
