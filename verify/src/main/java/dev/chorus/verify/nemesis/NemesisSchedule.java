package dev.chorus.verify.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the nemesis in its own thread: a quiet period of {@code interval}, then one fault held for {@code interval}
 * and healed, and again, until {@link #stopAndHeal}. Faults come in rounds: each round is the whole list in a
 * seeded random order, so a run long enough for one round has taken every fault once (drawing each fault at random
 * left some out of 10-minute runs with 19 faults) and the order still varies — which always heals the
 * active fault, retries heals that failed, heals the network and waits until every group has a leader, so the
 * final reads meet a whole cluster. Every start and stop goes to the {@link NemesisLog}.
 */
public final class NemesisSchedule {
    public static final String HEAL_ALL = "heal-all";
    private static final int HEAL_ATTEMPTS = 3;
    private static final Duration HEAL_BACKOFF = Duration.ofSeconds(3);

    private final ClusterControl cluster;
    private final List<Fault> faults;
    private final Duration interval;
    private final NemesisLog log;
    private final Random random;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread = new Thread(this::loop, "nemesis");
    /** Heals that failed during the run (e.g. a node that did not come back): retried by the final heal. */
    private final List<Pending> unhealed = new ArrayList<>();
    private volatile String current = "none";
    private volatile List<String> healProblems = List.of();

    private record Pending(String fault, Fault.Injected injected) {
    }

    public NemesisSchedule(ClusterControl cluster, List<Fault> faults, Duration interval, NemesisLog log, long seed) {
        this.cluster = cluster;
        this.faults = List.copyOf(faults);
        this.interval = interval;
        this.log = log;
        this.random = new Random(seed);
        thread.setDaemon(true);
    }

    public void start() {
        if (!faults.isEmpty()) {
            thread.start();
        }
    }

    /** The fault in place now, e.g. {@code partition n1 | n2 n3}, or {@code none}. */
    public String current() {
        return current;
    }

    private final List<Fault> round = new ArrayList<>();

    private Fault nextFault() {
        if (round.isEmpty()) {
            round.addAll(faults);
            java.util.Collections.shuffle(round, random);
        }
        return round.remove(round.size() - 1);
    }

    private void loop() {
        try {
            while (!stop.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                Fault fault = nextFault();
                long started = System.nanoTime();
                Fault.Injected injected;
                try {
                    injected = fault.inject(cluster, random);
                } catch (Exception e) {
                    log.record(fault.name(), NemesisEvent.ERROR, "inject: " + e);
                    continue;
                }
                if (injected == null) {
                    continue; // no target now (e.g. every node is down): try another fault next time
                }
                log.record(fault.name(), NemesisEvent.START, injected.detail(), started);
                current = fault.name() + " " + injected.detail();
                if (!injected.instant()) {
                    stop.await(interval.toNanos(), TimeUnit.NANOSECONDS);
                }
                heal(fault.name(), injected);
                current = "none";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void heal(String fault, Fault.Injected injected) {
        try {
            injected.heal().run();
            log.record(fault, NemesisEvent.STOP, injected.detail());
        } catch (Exception e) {
            log.record(fault, NemesisEvent.ERROR, "heal " + injected.detail() + ": " + e);
            unhealed.add(new Pending(fault, injected));
        }
    }

    /**
     * Injects no more faults and heals the one in place now, without waiting for its interval to end; returns at
     * once (the nemesis thread heals). For a run stopped early, so the fault goes while the clients finish their
     * last ops; {@link #stopAndHeal} still follows and does the rest. Idempotent, safe from any thread.
     */
    public void stopInjecting() {
        stop.countDown();
    }

    /**
     * Stops injecting and heals everything: the active fault, heals that failed, every link fault; then waits up
     * to {@code leaderWait} for every group to have a leader. Returns false if some group still had none.
     */
    public boolean stopAndHeal(Duration leaderWait) throws InterruptedException {
        stopInjecting();
        if (thread.isAlive()) {
            thread.join();
        }
        long started = System.nanoTime();
        current = HEAL_ALL;
        List<String> problems = new ArrayList<>();
        synchronized (this) {
            for (Pending p : List.copyOf(unhealed)) {
                String error = retryHeal(p.injected());
                if (error == null) {
                    unhealed.remove(p);
                    log.record(p.fault(), NemesisEvent.STOP, p.injected().detail());
                } else {
                    problems.add(p.fault() + " " + p.injected().detail() + ": " + error);
                }
            }
        }
        try {
            cluster.healNetwork();
        } catch (RuntimeException e) {
            problems.add("heal network: " + e.getMessage());
        }
        boolean leaders = cluster.awaitLeaders(leaderWait);
        if (!leaders) {
            problems.add("some group has no leader after " + leaderWait.toSeconds() + " s");
        }
        log.record(HEAL_ALL, NemesisEvent.START, null, started);
        log.record(HEAL_ALL, problems.isEmpty() ? NemesisEvent.STOP : NemesisEvent.ERROR,
                problems.isEmpty() ? "every group has a leader" : String.join("; ", problems));
        current = "none";
        healProblems = List.copyOf(problems);
        return leaders;
    }

    /** What the last {@link #stopAndHeal} could not undo (empty when it healed everything). */
    public List<String> healProblems() {
        return healProblems;
    }

    /** Retries a heal, waiting a little longer each time: what failed is often a node still busy catching up. */
    private static String retryHeal(Fault.Injected injected) {
        String error = null;
        for (int attempt = 0; attempt < HEAL_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(HEAL_BACKOFF.multipliedBy(attempt).toNanos());
            }
            try {
                injected.heal().run();
                return null;
            } catch (Exception e) {
                error = e.toString();
            }
        }
        return error;
    }
}
