package dev.chorus.txn.node;

import dev.chorus.raft.GroupReplica;
import dev.chorus.routing.KeyRange;
import dev.chorus.routing.Keys;
import dev.chorus.storage.GroupStore;
import dev.chorus.storage.ScanPage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the records stored under a key prefix in the groups this node leads, for an admin listing ({@code GET /sagas},
 * {@code GET /tcc}) that anyone who reaches the admin port may ask for: within a budget of stored bytes and of
 * records listed, so the answer never grows with the data (a thousand one-MiB saga records were read and held
 * whole before). Past the budget the listing is marked truncated; it then holds, in listing order, records taken
 * in key order, and the complete list is the CLI's ({@code chorus sagas}, {@code chorus tccs}), which pages.
 */
final class LedRecords {
    /** Stored bytes one listing reads at most, over all groups: about the size of the answer it builds. */
    static final long MAX_BYTES = 4L << 20;
    /** Records one listing shows at most. */
    static final int MAX_LISTED = 200;

    /** What a listing shows; {@code truncated} when records under the prefix were left out. */
    record Listing<R>(List<R> records, boolean truncated) {
    }

    private LedRecords() {
    }

    /**
     * The records under {@code prefix} in the groups {@code replicas} lead, sorted by {@code order}; values that do not
     * decode are skipped (they still count against the byte budget, which bounds what is read).
     */
    static <R> Listing<R> read(List<GroupReplica> replicas, String prefix, Function<byte[], R> decode,
                               Comparator<R> order, int maxListed, long maxBytes) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] end = Keys.prefixEnd(start);
        List<R> out = new ArrayList<>();
        long budget = maxBytes;
        boolean truncated = false;
        for (GroupReplica r : replicas) {
            if (r.node() == null || !r.node().isLeader()) {
                continue;
            }
            KeyRange range = r.range();
            byte[] from = Keys.compare(start, range.start()) > 0 ? start : range.start();
            byte[] to = range.unboundedEnd() || Keys.compare(end, range.end()) < 0 ? end : range.end();
            if (Keys.compare(from, to) >= 0) {
                continue;
            }
            GroupStore store = r.store();
            if (budget <= 0) {
                // Spent: this group only decides whether anything was left out.
                truncated |= !store.scan(from, to, 1).entries().isEmpty();
                continue;
            }
            // One more than may be listed, so that a cut is seen as one.
            ScanPage page = store.scan(from, to, maxListed + 1, budget);
            truncated |= page.truncated();
            for (var kv : page.entries()) {
                budget -= kv.key().length + kv.value().length;
                try {
                    out.add(decode.apply(kv.value()));
                } catch (RuntimeException e) {
                    // not one of these records: skip
                }
            }
        }
        out.sort(order);
        if (out.size() > maxListed) {
            return new Listing<>(List.copyOf(out.subList(0, maxListed)), true);
        }
        return new Listing<>(List.copyOf(out), truncated);
    }
}
