package dev.chorus.verify.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Jepsen's bridge: the nodes split into two halves that cannot talk to each other, and one bridge node that talks
 * to both. With 5 nodes each half plus the bridge is a majority, so two leaders of different terms can each find
 * a quorum through the bridge; with 3 nodes the bridge sees both others, which cannot see each other.
 */
public final class BridgeFault implements Fault {

    /** Who is cut from whom: every link between {@code left} and {@code right}, both directions. */
    record Plan(String bridge, List<String> left, List<String> right) {
        String describe() {
            return String.join(" ", left) + " | " + bridge + " | " + String.join(" ", right);
        }
    }

    @Override
    public String name() {
        return "bridge";
    }

    /** A random bridge and two halves as even as the count allows; null below 3 nodes (no bridge to make). */
    static Plan plan(List<String> nodes, Random random) {
        if (nodes.size() < 3) {
            return null;
        }
        List<String> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, random);
        List<String> rest = shuffled.subList(1, shuffled.size());
        int half = rest.size() / 2;
        return new Plan(shuffled.get(0), List.copyOf(rest.subList(0, half)), List.copyOf(rest.subList(half, rest.size())));
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        Plan plan = plan(cluster.nodes(), random);
        if (plan == null) {
            return null;
        }
        for (String a : plan.left()) {
            for (String b : plan.right()) {
                cluster.addFault(Map.of("type", "cut", "from", a, "to", b, "oneWay", false));
            }
        }
        return new Injected(plan.describe(), false, cluster::healNetwork);
    }
}
