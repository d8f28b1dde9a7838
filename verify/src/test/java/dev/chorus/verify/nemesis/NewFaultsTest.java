package dev.chorus.verify.nemesis;

import dev.chorus.admin.ClusterAdmin;
import dev.chorus.faults.FaultTable;
import dev.chorus.faults.LinkFault;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each newer fault injected on a real in-JVM cluster (3 nodes, 2 groups; one cluster for the class, since starting
 * one takes longer than any of these tests): its effect is checked where the nodes keep it (fault tables, the
 * leader's configuration, armed failpoints), then its heal, after which every group must have a leader again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestCluster cluster;
    private ClusterControl control;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.start(3, "m");
        control = new ClusterControl(cluster.config(), new TestClusterProcesses(cluster));
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    /** Whatever a test left broken is mended, so the next one starts from a whole cluster. */
    @AfterEach
    void mend() throws Exception {
        for (String n : control.nodes()) {
            control.processes().start(n);
        }
        control.healNetwork();
        assertTrue(control.awaitLeaders(WAIT), cluster.describe());
    }

    /** Every link fault any running node holds. */
    private List<LinkFault> faults() {
        List<LinkFault> out = new ArrayList<>();
        for (String n : cluster.runningNodes()) {
            cluster.node(n).faults().list().stream().filter(f -> !out.contains(f)).forEach(out::add);
        }
        return out;
    }

    private void healAndAwaitLeaders(Fault.Injected injected) throws Exception {
        injected.heal().run();
        assertTrue(control.awaitLeaders(WAIT), "every group has a leader after the heal: " + cluster.describe());
    }

    @Test
    void oneWayCutsOneDirectionOnly() throws Exception {
        Fault.Injected injected = new OneWayFault().inject(control, new Random(1));
        String[] pair = injected.detail().split(" -> ");
        FaultTable table = cluster.node(pair[0]).faults();
        assertEquals(FaultTable.Action.DROP, table.decide(pair[0], pair[1]).action(), injected.detail());
        assertEquals(FaultTable.Action.PASS, table.decide(pair[1], pair[0]).action(), injected.detail());
        assertEquals(FaultTable.Action.PASS, cluster.node(pair[1]).faults().decide(pair[1], pair[0]).action());
        healAndAwaitLeaders(injected);
        assertTrue(faults().isEmpty(), faults().toString());
    }

    @Test
    void bridgeOfThreeCutsTheTwoEndsFromEachOther() throws Exception {
        Fault.Injected injected = new BridgeFault().inject(control, new Random(2));
        String[] parts = injected.detail().split(" \\| "); // "a | bridge | b"
        assertEquals(3, parts.length, injected.detail());
        for (LinkFault f : faults()) {
            assertTrue(f.cut() && !f.from().equals(parts[1]) && !f.to().equals(parts[1]), f.describe());
        }
        FaultTable table = cluster.node(parts[0]).faults();
        assertEquals(FaultTable.Action.DROP, table.decide(parts[0], parts[2]).action());
        assertEquals(FaultTable.Action.DROP, table.decide(parts[2], parts[0]).action());
        assertEquals(FaultTable.Action.PASS, table.decide(parts[0], parts[1]).action());
        healAndAwaitLeaders(injected);
        assertTrue(faults().isEmpty(), faults().toString());
    }

    @Test
    void bridgePlanOfFiveAndSixNodes() {
        for (int count : new int[] {5, 6}) {
            List<String> nodes = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                nodes.add("n" + i);
            }
            BridgeFault.Plan plan = BridgeFault.plan(nodes, new Random(count));
            assertEquals(count - 1, plan.left().size() + plan.right().size());
            assertTrue(Math.abs(plan.left().size() - plan.right().size()) <= 1, plan.describe());
            assertFalse(plan.left().contains(plan.bridge()) || plan.right().contains(plan.bridge()), plan.describe());
            // Each half plus the bridge is a majority of 5; of 6, the larger one is.
            assertTrue(Math.max(plan.left().size(), plan.right().size()) + 1 > count / 2, plan.describe());
        }
        assertEquals(null, BridgeFault.plan(List.of("n1", "n2"), new Random(1)));
    }

    @Test
    void lossDropsSomeMessagesOnTheLinksOfOneNodeOrAll() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Fault.Injected injected = new LossFault().inject(control, new Random(seed));
            List<LinkFault> faults = faults();
            assertFalse(faults.isEmpty(), injected.detail());
            for (LinkFault f : faults) {
                assertTrue(!f.cut() && f.dropRate() >= 0.1 && f.dropRate() <= 0.3, f.describe());
            }
            // Both directions of each pair: 2 links per other node, or 6 for every link of 3 nodes.
            assertEquals(injected.detail().startsWith("every link") ? 6 : 4, faults.size(), injected.detail() + " " + faults);
            healAndAwaitLeaders(injected);
            assertTrue(faults().isEmpty(), faults().toString());
        }
    }

    @Test
    void memberRemovesAFollowerAndTheHealAddsItBack() throws Exception {
        Fault.Injected injected = new MemberFault().inject(control, new Random(4));
        assertNotNull(injected);
        String[] parts = injected.detail().split(" "); // "g1 -n2"
        String group = parts[0];
        String node = parts[1].substring(1);
        List<String> members = control.members(group);
        assertTrue(members != null && members.size() == 2 && !members.contains(node), injected.detail() + ": " + members);
        healAndAwaitLeaders(injected);
        Await.until(node + " a member of " + group + " again", WAIT, () -> {
            List<String> now = control.members(group);
            return now != null && now.size() == 3 && now.contains(node);
        });
        injected.heal().run(); // a second heal (heal-all retrying) changes nothing
        assertEquals(3, control.members(group).size());
    }

    @Test
    void memberHealUndoesARemoveThatLeftItsReplicaBehind() throws Exception {
        String group = "g2";
        String leader = control.leaderOf(group);
        String node = control.members(group).stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        // Half of "chorus member remove": the leader drops the member, the replica is never dropped.
        new ClusterAdmin(cluster.config()).toLeader(group, "DELETE", "/groups/" + group + "/members/" + node, Map.of());
        assertFalse(control.members(group).contains(node));
        MemberFault.restore(control, group, node, new java.util.concurrent.atomic.AtomicBoolean());
        Await.until(node + " a member of " + group + " again", WAIT, () -> {
            List<String> now = control.members(group);
            return now != null && now.size() == 3 && now.contains(node);
        });
        assertTrue(control.awaitLeaders(WAIT));
    }

    @Test
    void compactSnapshotsTheLeaderOfAGroup() throws Exception {
        cluster.client().put("a-compact".getBytes(), "1".getBytes());
        cluster.client().put("z-compact".getBytes(), "1".getBytes());
        Fault.Injected injected = new CompactFault().inject(control, new Random(5));
        assertTrue(injected.instant());
        assertTrue(injected.detail().contains("snapshot saved"), injected.detail());
        String group = injected.detail().split(" ")[0];
        String leader = injected.detail().split(" ")[1].split(":")[0];
        assertEquals(control.leaderOf(group), leader, injected.detail());
        healAndAwaitLeaders(injected);
    }

    @Test
    void txnFailpointIsArmedThenDisarmedOrItsNodeRestarted() throws Exception {
        TxnFailpointFault fault = new TxnFailpointFault();
        assertTrue(fault.supported(control));
        for (boolean fired : new boolean[] {false, true}) {
            Fault.Injected injected = fault.inject(control, new Random(fired ? 7 : 6));
            String node = injected.detail().split(" ")[0];
            String failpoint = injected.detail().split(" ")[1];
            assertTrue(TxnFailpointFault.FAILPOINTS.contains(failpoint), injected.detail());
            assertEquals(List.of(failpoint), control.armedFailpoints(node));
            if (fired) {
                control.processes().kill(node); // what a fired failpoint does to an in-JVM node
            }
            healAndAwaitLeaders(injected);
            assertTrue(control.processes().running(node), node + " runs after the heal");
            assertEquals(List.of(), control.armedFailpoints(node));
        }
    }

    @Test
    void stackedFaultsInjectAndHealTogether() throws Exception {
        List<Fault> parsed = Faults.parse("one-way+loss");
        StackedFault stack = assertInstanceOf(StackedFault.class, parsed.get(0));
        assertEquals("one-way+loss", stack.name());
        Fault.Injected injected = stack.inject(control, new Random(8));
        assertFalse(injected.instant());
        assertTrue(injected.detail().startsWith("one-way ") && injected.detail().contains(" + loss "), injected.detail());
        List<LinkFault> faults = faults();
        assertTrue(faults.stream().anyMatch(LinkFault::cut) && faults.stream().anyMatch(f -> f.dropRate() > 0), faults.toString());
        healAndAwaitLeaders(injected);
        assertTrue(faults().isEmpty(), faults().toString());
    }
}
