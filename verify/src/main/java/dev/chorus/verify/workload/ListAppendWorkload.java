package dev.chorus.verify.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.routing.Keys;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.history.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Elle's list-append workload: transactions of 1..{@value #MAX_MICRO_OPS} micro-ops, each {@code r k} (read the
 * list) or {@code append k e} (a unique element), over a few keys spread over every group. A list is stored as the
 * comma-separated text of its elements; an append reads the list and writes it back extended, inside the
 * transaction. What a transaction that did not commit read is not recorded: it tells nothing.
 */
public final class ListAppendWorkload implements ClientWorkload {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final int MAX_MICRO_OPS = 4;

    private final TxnClient txns;
    private final GroupSpread keys;
    private final int keyCount;
    private final AtomicLong nextElement = new AtomicLong(1);

    public ListAppendWorkload(TxnClient txns, GroupSpread keys, int keyCount) {
        if (keyCount < 1) {
            throw new IllegalArgumentException("list-append needs at least one key");
        }
        this.txns = txns;
        this.keys = keys;
        this.keyCount = keyCount;
    }

    /** A micro-op to run: read key {@code k}, or append {@code element} to it. */
    private record MicroOp(boolean append, int key, long element) {
    }

    @Override
    public Op step(int process, Random random, Recorder recorder) {
        List<MicroOp> plan = new ArrayList<>();
        int size = 1 + random.nextInt(MAX_MICRO_OPS);
        for (int i = 0; i < size; i++) {
            boolean append = random.nextBoolean();
            plan.add(new MicroOp(append, random.nextInt(keyCount), append ? nextElement.getAndIncrement() : 0));
        }
        long invoke = System.nanoTime();
        boolean commitCalled = false;
        List<JsonNode> reads = new ArrayList<>();
        try {
            Transaction txn = txns.begin();
            for (MicroOp m : plan) {
                byte[] key = keys.key(m.key());
                Optional<byte[]> current = txn.get(key);
                if (m.append()) {
                    String list = current.map(Keys::text).map(s -> s + "," + m.element()).orElse(Long.toString(m.element()));
                    txn.put(key, Keys.utf8(list));
                    reads.add(null);
                } else {
                    reads.add(list(current));
                }
            }
            commitCalled = true;
            txn.commit();
            return recorder.record(process, Op.Type.OK, "txn", null, microOps(plan, reads), invoke, System.nanoTime());
        } catch (RuntimeException e) {
            return recorder.record(process, Outcomes.ofTxn(e, commitCalled), "txn", null, microOps(plan, List.of()),
                    invoke, System.nanoTime());
        }
    }

    private static JsonNode list(Optional<byte[]> stored) {
        ArrayNode list = JSON.arrayNode();
        stored.map(Keys::text).filter(s -> !s.isEmpty()).ifPresent(s -> {
            for (String e : s.split(",")) {
                list.add(Long.parseLong(e));
            }
        });
        return list;
    }

    /** {@code [["append","3",17],["r","1",[4,9]]]}; reads are null when {@code reads} does not cover them. */
    private static ArrayNode microOps(List<MicroOp> plan, List<JsonNode> reads) {
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < plan.size(); i++) {
            MicroOp m = plan.get(i);
            ArrayNode micro = out.addArray().add(m.append() ? "append" : "r").add(Integer.toString(m.key()));
            if (m.append()) {
                micro.add(m.element());
            } else {
                micro.add(i < reads.size() ? reads.get(i) : JSON.nullNode());
            }
        }
        return out;
    }
}
