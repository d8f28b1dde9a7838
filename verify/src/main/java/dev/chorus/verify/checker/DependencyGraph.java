package dev.chorus.verify.checker;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Transactions (by id) and the dependencies between them. Each edge keeps which dependencies hold and, for each, the
 * first key that shows it, so a cycle can be explained key by key. Never holds self-edges.
 */
final class DependencyGraph {
    /** The dependencies from one txn to another. */
    static final class Edge {
        private int mask;
        private final String[] keys = new String[Dependency.values().length];

        int mask() {
            return mask;
        }

        /** The key that shows {@code d}, or null for real-time order (which involves no key). */
        String key(Dependency d) {
            return keys[d.ordinal()];
        }
    }

    private final Map<Integer, Map<Integer, Edge>> out = new TreeMap<>();
    private long edges;

    void addNode(int txn) {
        out.computeIfAbsent(txn, t -> new TreeMap<>());
    }

    boolean hasNode(int txn) {
        return out.containsKey(txn);
    }

    void add(int from, int to, Dependency d, String key) {
        if (from == to || !hasNode(from) || !hasNode(to)) {
            return;
        }
        Edge edge = out.get(from).computeIfAbsent(to, t -> new Edge());
        if ((edge.mask & d.bit()) == 0) {
            edge.mask |= d.bit();
            edge.keys[d.ordinal()] = key;
            edges++;
        }
    }

    Set<Integer> nodes() {
        return out.keySet();
    }

    Map<Integer, Edge> successors(int txn) {
        return out.getOrDefault(txn, Map.of());
    }

    Edge edge(int from, int to) {
        return successors(from).get(to);
    }

    long edgeCount() {
        return edges;
    }
}
