package dev.chorus.verify.workload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.client.ChorusClient;
import dev.chorus.protocol.KvResponse;
import dev.chorus.routing.Keys;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.history.Recorder;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The set workload: clients insert unique elements, each under its own key (spread over every group); once the
 * faults are healed, one final read scans the run's keys in every group. An insert that threw with an unknown
 * outcome is info; the checker then accepts the element present or absent.
 */
public final class SetWorkload implements ClientWorkload {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Final-read attempts: the cluster was just healed and may still be electing leaders or catching up. */
    private static final int FINAL_READ_ATTEMPTS = 10;

    private final ChorusClient client;
    private final GroupSpread keys;
    private final AtomicLong nextElement = new AtomicLong();

    public SetWorkload(ChorusClient client, GroupSpread keys) {
        this.client = client;
        this.keys = keys;
    }

    @Override
    public Op step(int process, Random random, Recorder recorder) {
        long element = nextElement.getAndIncrement();
        long invoke = System.nanoTime();
        try {
            client.put(keys.key(element), Keys.utf8(Long.toString(element)));
            return recorder.record(process, Op.Type.OK, "add", null, JSON.numberNode(element), invoke, System.nanoTime());
        } catch (RuntimeException e) {
            return recorder.record(process, Outcomes.ofWrite(e), "add", null, JSON.numberNode(element), invoke, System.nanoTime());
        }
    }

    /** Reads every element of the run, group by group; retried (each attempt recorded) until one succeeds. */
    @Override
    public void finalReads(int process, Recorder recorder) {
        for (int attempt = 0; attempt < FINAL_READ_ATTEMPTS; attempt++) {
            long invoke = System.nanoTime();
            try {
                ArrayNode elements = JSON.arrayNode();
                for (int g = 0; g < keys.groups(); g++) {
                    byte[][] range = keys.range(g);
                    List<KvResponse.KeyValue> entries = client.scan(range[0], range[1], Integer.MAX_VALUE);
                    for (KvResponse.KeyValue kv : entries) {
                        elements.add(Long.parseLong(Keys.text(kv.value())));
                    }
                }
                recorder.record(process, Op.Type.OK, "read", null, elements, invoke, System.nanoTime());
                return;
            } catch (RuntimeException e) {
                // A read has no effect, so a failed one is a plain fail; the next attempt follows.
                recorder.record(process, Op.Type.FAIL, "read", null, null, invoke, System.nanoTime());
            }
        }
    }
}
