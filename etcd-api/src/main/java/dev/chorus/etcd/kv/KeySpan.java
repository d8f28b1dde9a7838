package dev.chorus.etcd.kv;

import com.google.protobuf.ByteString;
import dev.chorus.etcd.server.GrpcErrors;
import dev.chorus.routing.KeyRange;
import dev.chorus.routing.Keys;
import dev.chorus.routing.RangeRouter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys an etcd request names with {@code key} and {@code range_end}: etcd's conventions (no range end = the key
 * alone; range end {@code "\0"} = every key from {@code key} on) turned into {@code end}: null = {@code key} alone,
 * empty = unbounded, else exclusive.
 */
public record KeySpan(byte[] key, byte[] end) {

    /** The span of a request; INVALID_ARGUMENT for a missing key or a range end not after its start. */
    public static KeySpan of(ByteString key, ByteString rangeEnd) {
        byte[] k = key.toByteArray();
        if (rangeEnd.isEmpty()) {
            if (k.length == 0) {
                throw GrpcErrors.invalid("key is not provided");
            }
            return new KeySpan(k, null);
        }
        byte[] e = rangeEnd.toByteArray();
        if (e.length == 1 && e[0] == 0) {
            return new KeySpan(k, new byte[0]);
        }
        if (Keys.compare(e, k) <= 0) {
            // etcd answers an empty range here; a range end at or before its start is almost always a client bug.
            throw GrpcErrors.invalid("range end " + Keys.printable(e) + " is not after key " + Keys.printable(k));
        }
        return new KeySpan(k, e);
    }

    public boolean single() {
        return end == null;
    }

    /** One group's part of the span, in that group's terms ({@code end} as for {@link KeySpan}). */
    public record Part(String groupId, byte[] key, byte[] end) {
    }

    /** The span cut at group boundaries, in key order. */
    public List<Part> parts(RangeRouter router) {
        if (single()) {
            return List.of(new Part(router.routeFor(key).groupId(), key, null));
        }
        List<Part> out = new ArrayList<>();
        for (RangeRouter.Route route : router.routesOverlapping(key, end)) {
            KeyRange r = route.range();
            byte[] from = Keys.compare(key, r.start()) > 0 ? key : r.start();
            byte[] to;
            if (end.length == 0) {
                to = r.end(); // empty for the last group: to the end of its range
            } else if (r.unboundedEnd()) {
                to = end;
            } else {
                to = Keys.compare(end, r.end()) < 0 ? end : r.end();
            }
            if (to.length == 0 || Keys.compare(to, from) > 0) {
                out.add(new Part(route.groupId(), from, to));
            }
        }
        return out;
    }

    /** Whether {@code k} lies in the span. */
    public boolean contains(byte[] k) {
        if (single()) {
            return Arrays.equals(k, key);
        }
        return Keys.compare(k, key) >= 0 && (end.length == 0 || Keys.compare(k, end) < 0);
    }
}
