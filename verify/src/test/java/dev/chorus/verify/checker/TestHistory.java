package dev.chorus.verify.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.verify.history.HistoryJson;
import dev.chorus.verify.history.Op;

import java.util.ArrayList;
import java.util.List;

/** Builds small hand-written histories for checker tests; times are plain numbers on one clock. */
final class TestHistory {
    private final ObjectMapper json = HistoryJson.mapper();
    private final List<Op> ops = new ArrayList<>();

    TestHistory ok(int process, String f, String key, Object value, long invoke, long complete) {
        return add(process, Op.Type.OK, f, key, value, invoke, complete);
    }

    TestHistory fail(int process, String f, String key, Object value, long invoke, long complete) {
        return add(process, Op.Type.FAIL, f, key, value, invoke, complete);
    }

    TestHistory info(int process, String f, String key, Object value, long invoke, long complete) {
        return add(process, Op.Type.INFO, f, key, value, invoke, complete);
    }

    TestHistory add(int process, Op.Type type, String f, String key, Object value, long invoke, long complete) {
        JsonNode node = value == null ? null : json.valueToTree(value);
        ops.add(new Op(ops.size(), process, type, f, key, node, invoke, complete));
        return this;
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }

    Op op(int index) {
        return ops.get(index);
    }
}
