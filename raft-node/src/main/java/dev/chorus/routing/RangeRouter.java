package dev.chorus.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps keys to the Raft group owning them. The groups' ranges are contiguous and cover the whole key space
 * (the config loader guarantees it), so every key has exactly one owner.
 */
public final class RangeRouter {

    /** One routed group: its id and range. */
    public record Route(String groupId, KeyRange range) {
    }

    private final List<Route> routes;

    public RangeRouter(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing(r -> r.range().start(), Keys::compare));
        this.routes = List.copyOf(sorted);
    }

    public Route routeFor(byte[] key) {
        int lo = 0;
        int hi = routes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Route r = routes.get(mid);
            if (Keys.compare(key, r.range().start()) < 0) {
                hi = mid - 1;
            } else if (!r.range().unboundedEnd() && Keys.compare(key, r.range().end()) >= 0) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        throw new IllegalArgumentException("no group owns key " + Keys.printable(key));
    }

    /** The groups overlapping {@code [from, to)} in key order (empty {@code to} = unbounded). */
    public List<Route> routesOverlapping(byte[] from, byte[] to) {
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            if (r.range().overlaps(from, to)) {
                out.add(r);
            }
        }
        return out;
    }
}
