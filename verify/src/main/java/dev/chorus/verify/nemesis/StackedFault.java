package dev.chorus.verify.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Several faults at once ({@code --nemesis kill+partition}): injected together in the order given, held together
 * and healed together, as one fault of the schedule named {@code kill+partition}. Faults that break the cluster
 * only in combination (a partition while a node is down, a membership change over a lossy network) need this.
 */
public final class StackedFault implements Fault {
    private final List<Fault> parts;

    public StackedFault(List<Fault> parts) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("a stack takes two faults or more");
        }
        this.parts = List.copyOf(parts);
    }

    public List<Fault> parts() {
        return parts;
    }

    @Override
    public String name() {
        return parts.stream().map(Fault::name).collect(Collectors.joining("+"));
    }

    @Override
    public boolean supported(ClusterControl cluster) {
        return parts.stream().allMatch(f -> f.supported(cluster));
    }

    /** One part in place: its name, for the detail, and its injection, for the heal. */
    private record Part(String name, Injected injected) {
    }

    /**
     * Injects every part that has a target now; null only when none has. When a part fails to inject, the parts
     * already in place are still returned (with the failure in the detail) rather than thrown away: their heal
     * must run, and the schedule only heals what an injection returned.
     */
    @Override
    public Injected inject(ClusterControl cluster, Random random) throws Exception {
        List<Part> done = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (Fault f : parts) {
            Injected injected;
            try {
                injected = f.inject(cluster, random);
            } catch (Exception e) {
                if (done.isEmpty()) {
                    throw e;
                }
                details.add(f.name() + " failed: " + e);
                continue;
            }
            if (injected != null) {
                done.add(new Part(f.name(), injected));
                details.add(f.name() + " " + injected.detail());
            }
        }
        if (done.isEmpty()) {
            return null;
        }
        boolean instant = done.stream().allMatch(p -> p.injected().instant());
        return new Injected(String.join(" + ", details), instant, new StackHeal(done)::run);
    }

    /**
     * Heals the parts in reverse order, as a stack is undone; a part whose heal failed is tried once more after
     * the others (a member re-added once the node it lives on was started again), and the parts healed are not
     * healed again when the schedule retries the rest.
     */
    private static final class StackHeal {
        private final List<Part> pending;

        StackHeal(List<Part> parts) {
            this.pending = new ArrayList<>(parts);
        }

        synchronized void run() throws Exception {
            Exception failure = null;
            for (int round = 0; round < 2 && !pending.isEmpty(); round++) {
                failure = null;
                List<Part> newestFirst = new ArrayList<>(pending);
                Collections.reverse(newestFirst);
                for (Part p : newestFirst) {
                    try {
                        p.injected().heal().run();
                        pending.remove(p);
                    } catch (Exception e) {
                        Exception named = new Exception(p.name() + ": " + e, e);
                        if (failure == null) {
                            failure = named;
                        } else {
                            failure.addSuppressed(named);
                        }
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
