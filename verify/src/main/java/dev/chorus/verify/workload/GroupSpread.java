package dev.chorus.verify.workload;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.routing.Keys;
import dev.chorus.routing.RangeRouter;

import java.util.ArrayList;
import java.util.List;

/**
 * Places a workload's keys round-robin over every group of the cluster (key {@code i} in group {@code i mod G},
 * under that group's start key), so that transactions span groups and every group's faults matter.
 */
public final class GroupSpread {
    private final List<String> prefixes = new ArrayList<>();

    /** @param base the run's own key space inside each group, e.g. {@code verify/bank/<run>/} */
    public GroupSpread(ClusterConfig cluster, String base) {
        RangeRouter router = cluster.router();
        for (GroupSpec g : cluster.groups()) {
            String start = g.keyRange().start().length == 0 ? "" : Keys.text(g.keyRange().start());
            String prefix = start + base;
            if (!router.routeFor(Keys.utf8(prefix + "0")).groupId().equals(g.id())) {
                // The first group's range may end below the base (e.g. ["", "m") and "verify/..."): '!' sorts
                // below every letter and digit.
                prefix = start + "!" + base;
            }
            if (!router.routeFor(Keys.utf8(prefix + "0")).groupId().equals(g.id())) {
                throw new IllegalArgumentException("cannot place keys in group " + g.id() + " (range " + g.keyRange() + ")");
            }
            prefixes.add(prefix);
        }
    }

    public int groups() {
        return prefixes.size();
    }

    /** The key of item {@code i}: in group {@code i mod G}. */
    public byte[] key(long i) {
        return Keys.utf8(prefixes.get((int) (i % prefixes.size())) + i);
    }

    /** The group index of item {@code i}. */
    public int group(long i) {
        return (int) (i % prefixes.size());
    }

    /** The run's key range inside group {@code g}: {@code [start, end)}. */
    public byte[][] range(int g) {
        byte[] start = Keys.utf8(prefixes.get(g));
        return new byte[][]{start, Keys.prefixEnd(start)};
    }
}
