package dev.chorus.verify.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.client.CasOutcome;
import dev.chorus.client.ChorusClient;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.history.Recorder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The register workload: concurrent clients read, write and compare-and-set a few keys through {@link ChorusClient}
 * (linearizable reads). Written values are unique. A write or cas that throws is recorded as info, mostly — the request may
 * have been applied before the error — and its process is retired, as in Jepsen, since it may still be in flight; a
 * cas that finds another value is a definite fail; so is a refusal that does not depend on earlier attempts
 * ({@link Outcomes#ofWrite}).
 */
public final class RegisterWorkload implements ClientWorkload {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ChorusClient client;
    private final List<String> keys;
    private final AtomicLong nextValue = new AtomicLong(1);
    /** The last value each key was seen to hold, so cas ops often expect the right one. */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    public RegisterWorkload(ChorusClient client, String keyPrefix, int keyCount) {
        this.client = client;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < keyCount; i++) {
            names.add(keyPrefix + i);
        }
        this.keys = List.copyOf(names);
    }

    @Override
    public Op step(int process, Random random, Recorder recorder) {
        String key = keys.get(random.nextInt(keys.size()));
        int dice = random.nextInt(10);
        return dice < 5 ? read(process, key, recorder) : dice < 8 ? write(process, key, recorder) : cas(process, key, recorder);
    }

    private Op read(int process, String key, Recorder recorder) {
        long invoke = System.nanoTime();
        try {
            Optional<byte[]> value = client.get(bytes(key));
            Long read = value.map(v -> Long.parseLong(new String(v, StandardCharsets.UTF_8))).orElse(null);
            if (read != null) {
                lastSeen.put(key, read);
            }
            return recorder.record(process, Op.Type.OK, "read", key, read == null ? null : JSON.numberNode(read), invoke, System.nanoTime());
        } catch (RuntimeException e) {
            return recorder.record(process, Op.Type.INFO, "read", key, null, invoke, System.nanoTime());
        }
    }

    private Op write(int process, String key, Recorder recorder) {
        long value = nextValue.getAndIncrement();
        long invoke = System.nanoTime();
        try {
            client.put(bytes(key), bytes(Long.toString(value)));
            lastSeen.put(key, value);
            return recorder.record(process, Op.Type.OK, "write", key, JSON.numberNode(value), invoke, System.nanoTime());
        } catch (RuntimeException e) {
            return recorder.record(process, Outcomes.ofWrite(e), "write", key, JSON.numberNode(value), invoke, System.nanoTime());
        }
    }

    private Op cas(int process, String key, Recorder recorder) {
        Long expected = lastSeen.get(key);
        long value = nextValue.getAndIncrement();
        JsonNode args = JSON.arrayNode().add(expected == null ? JSON.nullNode() : JSON.numberNode(expected)).add(value);
        long invoke = System.nanoTime();
        try {
            CasOutcome outcome = client.compareAndSet(bytes(key), expected == null ? null : bytes(Long.toString(expected)),
                    bytes(Long.toString(value)));
            if (outcome.succeeded()) {
                lastSeen.put(key, value);
            } else if (outcome.current() != null) {
                lastSeen.put(key, Long.parseLong(new String(outcome.current(), StandardCharsets.UTF_8)));
            }
            return recorder.record(process, outcome.succeeded() ? Op.Type.OK : Op.Type.FAIL, "cas", key, args, invoke, System.nanoTime());
        } catch (RuntimeException e) {
            return recorder.record(process, Outcomes.ofWrite(e), "cas", key, args, invoke, System.nanoTime());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
