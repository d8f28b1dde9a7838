package dev.chorus.faults;

import dev.chorus.cli.ChorusCli;
import dev.chorus.client.ChorusClient;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Network faults injected at the Raft RPC layer of real nodes, driven through the CLI. */
class FaultInjectionTest {
    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(3);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private String chorus(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--cluster";
        full[args.length + 1] = cluster.clusterFile().toString();
        int code = ChorusCli.run(full, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, String.join(" ", args) + ": " + out + err);
        return out.toString();
    }

    private List<String> followersOf(String leader) {
        return cluster.runningNodes().stream().filter(n -> !n.equals(leader)).toList();
    }

    @Test
    void isolatedLeaderIsReplacedCannotCommitAndConvergesAfterHeal() {
        ChorusClient client = cluster.client();
        client.put(utf8("before"), utf8("1"));
        String old = cluster.awaitLeader("g1");
        chorus("fault", "isolate", old);
        long isolatedAt = System.nanoTime();
        String fresh = Await.value("a new leader on the majority side", TestCluster.WAIT, () -> followersOf(old).stream()
                .filter(n -> cluster.replica(n, "g1").node().isLeader()).findFirst().orElse(null));
        client.put(utf8("during"), utf8("2"));
        long firstWriteMs = (System.nanoTime() - isolatedAt) / 1_000_000;
        System.out.println("isolated leader " + old + "; new leader " + fresh + " committed a write after " + firstWriteMs
                + " ms (election timeout " + cluster.config().raft().electionTimeoutMs() + " ms)");
        for (int i = 0; i < 10; i++) {
            client.put(utf8("during" + i), utf8("x"));
        }
        assertFalse(cluster.contents(old, "g1").containsKey("during"), "the isolated node applied nothing new");
        assertTrue(chorus("status").contains("FAULTS"));
        assertTrue(cluster.node(old).events().since(0).stream().anyMatch(e -> e.type().equals("FAULT_APPLIED")));
        assertTrue(chorus("fault", "list").contains(old + "->"));

        chorus("fault", "heal");
        assertEquals("", chorus("fault", "list"));
        for (String n : cluster.runningNodes()) {
            Await.until(n + " converges after heal", TestCluster.WAIT,
                    () -> cluster.contents(n, "g1").equals(cluster.contents(fresh, "g1")), cluster::describe);
        }
        assertEquals("2", cluster.contents(old, "g1").get("during"));
    }

    @Test
    void delayedLinksAddTheConfiguredRoundTrip() {
        ChorusClient client = cluster.client();
        client.put(utf8("warm"), utf8("0"));
        double before = medianPutMs(client, 10);
        String leader = cluster.awaitLeader("g1");
        for (String f : followersOf(leader)) {
            chorus("fault", "delay", leader, f, "--ms", "100");
        }
        double delayed = medianPutMs(client, 7);
        chorus("fault", "heal");
        double after = medianPutMs(client, 10);
        System.out.printf("put median: %.1f ms before, %.1f ms with 100 ms each way to both followers, %.1f ms after heal%n",
                before, delayed, after);
        assertTrue(delayed >= 190 && delayed < 2000, "delayed median " + delayed);
        assertTrue(after < delayed / 2, "healed median " + after);
    }

    @Test
    void oneWayCutStarvesOneFollowerUntilHealed() {
        ChorusClient client = cluster.client();
        client.put(utf8("start"), utf8("0"));
        String leader = cluster.awaitLeader("g1");
        String starved = followersOf(leader).get(0);
        String other = followersOf(leader).get(1);
        chorus("fault", "cut", leader, starved, "--one-way");
        long beforeWrites = cluster.replica(leader, "g1").node().getLastLogIndex();
        for (int i = 0; i < 20; i++) {
            client.put(utf8("w" + i), utf8("v"));
        }
        long afterWrites = cluster.replica(leader, "g1").node().getLastLogIndex();
        // The other follower applying the writes shows the leader's appends and heartbeats went out meanwhile.
        Await.until(other + " applies the writes", TestCluster.WAIT,
                () -> cluster.replica(other, "g1").node().getLastAppliedLogIndex() >= afterWrites, cluster::describe);
        Await.holds(starved + " receives no entry from the leader (ten heartbeat intervals)",
                Duration.ofMillis(cluster.config().raft().electionTimeoutMs()),
                () -> cluster.replica(starved, "g1").node().getLastLogIndex() <= beforeWrites);
        assertFalse(cluster.contents(starved, "g1").containsKey("w19"), starved + " received nothing from the leader");
        chorus("fault", "heal", leader, starved);
        Await.until(starved + " catches up after heal", TestCluster.WAIT,
                () -> "v".equals(cluster.contents(starved, "g1").get("w19")), cluster::describe);
    }

    private static double medianPutMs(ChorusClient client, int n) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            client.put(utf8("lat" + i), utf8("v"));
            ms.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(ms);
        return ms.get(n / 2);
    }
}
