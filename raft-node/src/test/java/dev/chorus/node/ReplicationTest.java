package dev.chorus.node;

import dev.chorus.client.ChorusClient;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replication, leader failover, catch-up by log and by snapshot install, and whole-cluster restart. */
class ReplicationTest {

    @Test
    void acknowledgedWritesReachEveryReplicaStateMachine() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, "m")) {
            ChorusClient client = cluster.client();
            Map<String, String> written = new LinkedHashMap<>();
            for (int i = 0; i < 50; i++) {
                String key = (i % 2 == 0 ? "a" : "z") + i;
                client.put(utf8(key), utf8("v" + i));
                written.put(key, "v" + i);
            }
            for (String node : cluster.runningNodes()) {
                for (String group : new String[]{"g1", "g2"}) {
                    Await.until(node + " applies every write of " + group, TestCluster.WAIT,
                            () -> cluster.contents(node, group).size() == 25, cluster::describe);
                }
                Map<String, String> all = new java.util.TreeMap<>(cluster.contents(node, "g1"));
                all.putAll(cluster.contents(node, "g2"));
                assertEquals(new java.util.TreeMap<>(written), all, "replica on " + node);
            }
        }
    }

    /**
     * Replicas hold identical data after concurrent writes while one follower lags behind the leader (a slow link).
     * The divergence this guards against (the leader's apply moving the position of a log entry's buffer that jraft
     * still had to send, so a lagging follower applied an empty entry) needs a narrow race and was caught by
     * {@link #acknowledgedWritesReachEveryReplicaStateMachine} a few times in twenty runs; this test does not
     * reproduce it reliably but checks the same property under load.
     */
    @Test
    void replicasConvergeAfterConcurrentWritesWithALaggingFollower() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            ChorusClient client = cluster.client();
            String leader = cluster.awaitLeader("g1");
            String slow = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
            java.util.List<java.util.concurrent.CompletableFuture<?>> writes = new java.util.ArrayList<>();
            for (String n : cluster.runningNodes()) {
                cluster.injectFault(n, new dev.chorus.faults.LinkFault(slow, leader, false, 15, 10, 0));
            }
            java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(64);
            for (int i = 0; i < 3000; i++) {
                window.acquire();
                writes.add(client.putAsync(utf8("c" + (i % 500)), utf8("v" + i)).whenComplete((r, e) -> window.release()));
            }
            for (var w : writes) {
                w.join();
            }
            for (String n : cluster.runningNodes()) {
                cluster.healFaults(n);
            }
            Map<String, String> expected = cluster.contents(leader, "g1");
            assertEquals(500, expected.size());
            for (String n : cluster.runningNodes()) {
                Await.until(n + " holds exactly the leader's data", TestCluster.WAIT,
                        () -> cluster.contents(n, "g1").equals(expected), cluster::describe);
            }
        }
    }

    @Test
    void leaderFailoverKeepsEveryAcknowledgedWrite() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            ChorusClient client = cluster.client();
            for (int i = 0; i < 20; i++) {
                client.put(utf8("k" + i), utf8("before" + i));
            }
            String oldLeader = cluster.awaitLeader("g1");
            cluster.stopNode(oldLeader);
            String newLeader = cluster.awaitLeader("g1");
            assertTrue(!newLeader.equals(oldLeader), "a different node leads after the leader stopped");
            for (int i = 20; i < 40; i++) {
                client.put(utf8("k" + i), utf8("after" + i));
            }
            for (int i = 0; i < 40; i++) {
                assertEquals((i < 20 ? "before" : "after") + i, new String(client.get(utf8("k" + i)).orElseThrow()));
            }
        }
    }

    @Test
    void stoppedFollowerCatchesUpByLogAndWipedFollowerBySnapshot() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            ChorusClient client = cluster.client();
            client.put(utf8("first"), utf8("1"));
            String leader = cluster.awaitLeader("g1");
            String follower = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();

            // Catch-up by log: the follower misses writes while down.
            cluster.stopNode(follower);
            for (int i = 0; i < 100; i++) {
                client.put(utf8("log" + i), utf8("x" + i));
            }
            cluster.startNode(follower);
            Await.until(follower + " catches up by log", TestCluster.WAIT,
                    () -> cluster.contents(follower, "g1").equals(cluster.contents(leader, "g1")));

            // Catch-up by snapshot: the follower's disk is wiped and the leader's log compacted past its index
            // (jraft truncates only up to the previous snapshot, hence two snapshots).
            cluster.stopNode(follower);
            cluster.wipeNode(follower);
            for (int i = 0; i < 100; i++) {
                client.put(utf8("snap" + i), utf8("y" + i));
            }
            String currentLeader = cluster.awaitLeader("g1");
            cluster.snapshot(currentLeader, "g1");
            client.put(utf8("between"), utf8("z"));
            cluster.snapshot(currentLeader, "g1");
            client.put(utf8("last"), utf8("after-snapshots"));
            cluster.startNode(follower);
            Await.until(follower + " catches up by snapshot install", TestCluster.WAIT,
                    () -> cluster.contents(follower, "g1").equals(cluster.contents(currentLeader, "g1")));
            assertEquals(203, cluster.contents(follower, "g1").size());
            assertEquals("after-snapshots", cluster.contents(follower, "g1").get("last"));
        }
    }

    @Test
    void wholeClusterRestartKeepsWritesAndAppliesNoEntryTwice() throws Exception {
        int increments = 30;
        try (TestCluster cluster = TestCluster.start(3)) {
            ChorusClient client = cluster.client();
            for (int i = 0; i < increments; i++) {
                increment(client, "counter");
            }
            long appliedBefore = cluster.replica("n1", "g1").store().appliedIndex();
            for (String n : cluster.runningNodes()) {
                cluster.stopNode(n);
            }
            for (String n : new String[]{"n1", "n2", "n3"}) {
                cluster.startNode(n);
            }
            cluster.awaitLeaders();
            assertTrue(cluster.replica("n1", "g1").store().appliedIndex() >= appliedBefore, "applied index survives restart");
            ChorusClient after = cluster.client();
            assertEquals(String.valueOf(increments), new String(after.get(utf8("counter")).orElseThrow()));
            increment(after, "counter");
            assertEquals(String.valueOf(increments + 1), new String(after.get(utf8("counter")).orElseThrow()));
            for (String n : cluster.runningNodes()) {
                Await.until(n + " converges", TestCluster.WAIT,
                        () -> String.valueOf(increments + 1).equals(cluster.contents(n, "g1").get("counter")));
            }
        }
    }

    /** Read-modify-write through compare-and-set, retried until it wins. */
    static void increment(ChorusClient client, String key) {
        while (true) {
            byte[] current = client.get(utf8(key)).orElse(null);
            long next = current == null ? 1 : Long.parseLong(new String(current)) + 1;
            if (client.compareAndSet(utf8(key), current, utf8(String.valueOf(next))).succeeded()) {
                return;
            }
        }
    }
}
