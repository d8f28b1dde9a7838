package dev.chorus.verify.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Splits the nodes into a random minority and majority and cuts every link between the two halves. */
public final class PartitionFault implements Fault {
    @Override
    public String name() {
        return "partition";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        List<String> nodes = new ArrayList<>(cluster.nodes());
        if (nodes.size() < 2) {
            return null;
        }
        Collections.shuffle(nodes, random);
        int minority = 1 + random.nextInt(Math.max(1, (nodes.size() - 1) / 2));
        List<String> small = nodes.subList(0, minority);
        List<String> large = nodes.subList(minority, nodes.size());
        for (String a : small) {
            for (String b : large) {
                cluster.addFault(Map.of("type", "cut", "from", a, "to", b, "oneWay", false));
            }
        }
        return new Injected(String.join(" ", small) + " | " + String.join(" ", large), false, cluster::healNetwork);
    }
}
