package dev.chorus.verify.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Records completed ops from many client threads: numbers them in recording order, writes each to the history file
 * at once (so a crashed run still leaves its history) and keeps them for the checker.
 */
public final class Recorder {
    private final HistoryWriter writer;
    private final List<Op> ops = new ArrayList<>();
    private long ok;
    private long fail;
    private long info;

    public Recorder(HistoryWriter writer) {
        this.writer = writer;
    }

    public synchronized Op record(int process, Op.Type type, String f, String key, JsonNode value, long invokeNanos,
                                  long completeNanos) {
        Op op = new Op(ops.size(), process, type, f, key, value, invokeNanos, completeNanos);
        ops.add(op);
        switch (type) {
            case OK -> ok++;
            case FAIL -> fail++;
            default -> info++;
        }
        writer.write(op);
        return op;
    }

    public synchronized List<Op> history() {
        return List.copyOf(ops);
    }

    /** Ops recorded so far by outcome, for progress lines (cheap: no pass over the history). */
    public synchronized Tally tally() {
        return new Tally(ops.size(), ok, fail, info);
    }

    /** How many ops were recorded, and how they ended. */
    public record Tally(long ops, long ok, long fail, long info) {
    }

    public synchronized int size() {
        return ops.size();
    }
}
