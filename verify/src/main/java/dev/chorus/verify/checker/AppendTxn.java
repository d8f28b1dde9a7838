package dev.chorus.verify.checker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.verify.history.HistoryFormatException;
import dev.chorus.verify.history.Op;

import java.util.ArrayList;
import java.util.List;

/**
 * A list-append transaction: its op and its micro-ops in order. Elements are kept as JSON text so that 1 recorded as
 * a long and 1 read back as an int are the same element.
 *
 * @param id  the transaction's position in the history given to the checker (graph node id)
 * @param op  the recorded op ({@code f = "txn"}, value {@code [["append","x",1],["r","x",[1]]]})
 * @param ops the micro-ops
 */
record AppendTxn(int id, Op op, List<MicroOp> ops) {

    /** {@code append k e}, or {@code r k} with the list read ({@code null} when the txn did not succeed). */
    record MicroOp(boolean append, String key, String element, List<String> read) {
    }

    static AppendTxn parse(int id, Op op) {
        if (!op.f().equals("txn")) {
            throw new HistoryFormatException("list-append history: unknown function \"" + op.f() + "\" at op #" + op.index());
        }
        JsonNode value = op.value();
        if (value == null || !value.isArray()) {
            throw new HistoryFormatException("txn op #" + op.index() + " has no array of micro-ops");
        }
        List<MicroOp> micro = new ArrayList<>();
        for (JsonNode m : value) {
            if (!m.isArray() || m.size() != 3 || !m.get(1).isTextual()) {
                throw new HistoryFormatException("txn op #" + op.index() + ": bad micro-op " + m + " (want [f, key, value])");
            }
            String key = m.get(1).asText();
            switch (m.get(0).asText()) {
                case "append" -> micro.add(new MicroOp(true, key, m.get(2).toString(), null));
                case "r" -> micro.add(new MicroOp(false, key, null, readList(op, m.get(2))));
                default -> throw new HistoryFormatException("txn op #" + op.index() + ": unknown micro-op " + m.get(0));
            }
        }
        return new AppendTxn(id, op, List.copyOf(micro));
    }

    private static List<String> readList(Op op, JsonNode read) {
        if (!op.ok()) {
            return null; // what an unfinished or failed txn read tells nothing
        }
        if (read == null || read.isNull()) {
            return List.of(); // a key never appended to reads as nil
        }
        if (!read.isArray()) {
            throw new HistoryFormatException("txn op #" + op.index() + ": read value " + read + " is not a list");
        }
        List<String> elements = new ArrayList<>();
        read.forEach(e -> elements.add(e.toString()));
        return List.copyOf(elements);
    }
}
