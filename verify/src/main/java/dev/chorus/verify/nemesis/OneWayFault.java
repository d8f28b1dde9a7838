package dev.chorus.verify.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cuts one direction of the link between two random nodes: {@code a} cannot reach {@code b}, but {@code b} still
 * reaches {@code a}. Asymmetric faults are the ones Raft implementations get wrong: a leader that still hears its
 * follower's answers but cannot send to it, or a node that keeps calling elections others never see.
 */
public final class OneWayFault implements Fault {
    @Override
    public String name() {
        return "one-way";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        List<String> nodes = new ArrayList<>(cluster.nodes());
        if (nodes.size() < 2) {
            return null;
        }
        Collections.shuffle(nodes, random);
        String from = nodes.get(0);
        String to = nodes.get(1);
        cluster.addFault(Map.of("type", "cut", "from", from, "to", to, "oneWay", true));
        return new Injected(from + " -> " + to, false, cluster::healNetwork);
    }
}
