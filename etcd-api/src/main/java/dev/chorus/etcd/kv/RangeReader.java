package dev.chorus.etcd.kv;

import dev.chorus.client.ChorusClient;
import dev.chorus.etcd.server.GrpcErrors;
import dev.chorus.protocol.KvRead;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.Versioned;
import dev.chorus.versioned.Envelope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a {@link KeySpan} of the versioned keyspace group by group, in key order, each group's part read
 * linearizably (or from any replica as it is, for etcd's serializable reads). Not one snapshot across groups: a
 * change in a later group may be seen while an earlier group's change made before it is not (README).
 */
final class RangeReader {
    /** The result: the keys returned, how many keys matched in all, and whether the limit left some out. */
    record Result(List<Versioned.Kv> kvs, long count, boolean more) {
    }

    private final ChorusClient client;
    private final int pageKeys;
    /** The most keys one answer carries: a larger answer is refused, not built (memory). */
    private final int maxKeys;
    private final long maxBytes;

    RangeReader(ChorusClient client, int pageKeys, int maxKeys, long maxBytes) {
        this.client = client;
        this.pageKeys = pageKeys;
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
    }

    /**
     * @param limit  at most this many keys (0 = all, up to the answer limits)
     * @param filter which keys count (etcd's min/max revision filters)
     */
    Result read(KeySpan span, long limit, boolean keysOnly, boolean countOnly, boolean serializable,
                Predicate<Versioned.Kv> filter) {
        KvRead.Consistency consistency = serializable ? KvRead.Consistency.STALE : KvRead.Consistency.LINEARIZABLE;
        long want = limit == 0 ? Long.MAX_VALUE : limit;
        List<Versioned.Kv> kvs = new ArrayList<>();
        long count = 0;
        long bytes = 0;
        for (KeySpan.Part part : span.parts(client.router())) {
            byte[] from = part.key();
            byte[] to = part.end() == null ? successor(part.key()) : part.end();
            while (true) {
                // Values are fetched only while they are still wanted; past the limit, keys are only counted.
                boolean withValues = !keysOnly && !countOnly && kvs.size() < want;
                KvRead.VersionedScan scan = new KvRead.VersionedScan(from, to, pageKeys, !withValues, consistency);
                KvResponse.ScanResult page = (KvResponse.ScanResult) ChorusClient.join(client.readAsync(part.groupId(), scan));
                for (KvResponse.KeyValue e : page.entries()) {
                    Versioned.Kv kv = Envelope.decode(e.key(), e.value(), !withValues);
                    if (!filter.test(kv)) {
                        continue;
                    }
                    count++;
                    if (!countOnly && kvs.size() < want) {
                        if (kvs.size() == maxKeys) {
                            throw GrpcErrors.tooMuch("the range holds more than " + maxKeys + " keys, the most one answer"
                                    + " carries; ask for fewer with limit and page on from the last key");
                        }
                        bytes += kv.key().length + kv.value().length;
                        if (bytes > maxBytes) {
                            throw GrpcErrors.tooMuch("the answer would exceed " + maxBytes + " bytes; ask for fewer keys"
                                    + " with limit (or keys_only) and page on from the last key");
                        }
                        kvs.add(kv);
                    }
                }
                if (!page.truncated() || page.entries().isEmpty()) {
                    break;
                }
                from = successor(page.entries().get(page.entries().size() - 1).key());
            }
        }
        return new Result(kvs, count, count > kvs.size() && !countOnly);
    }

    /** The smallest key after {@code key}. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }
}
