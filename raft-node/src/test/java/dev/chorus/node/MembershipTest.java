package dev.chorus.node;

import dev.chorus.admin.AdminClient;
import dev.chorus.client.ChorusClient;
import dev.chorus.config.NodeSpec;
import dev.chorus.events.NodeEvent;
import dev.chorus.raft.GroupReplica;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Membership changes through the admin API: remove a replica, add it back as a learner (by snapshot), promote it. */
class MembershipTest {

    private static String role(TestCluster c, String node, String group) {
        return c.node(node).status().groups().stream().filter(g -> g.id().equals(group)).findFirst()
                .map(g -> g.replicas().get(0).role()).orElse(null);
    }

    @Test
    void removeThenAddBackAsLearnerCatchesUpBySnapshotThenPromote() throws Exception {
        try (TestCluster c = TestCluster.start(3)) {
            ChorusClient client = c.client();
            AdminClient admin = new AdminClient(c.config());
            NodeSpec n1 = c.config().node("n1").orElseThrow();
            NodeSpec n3 = c.config().node("n3").orElseThrow();
            String leader = c.awaitLeader("g1");
            assertEquals("n1", leader);
            for (int i = 0; i < 50; i++) {
                client.put(utf8("before-" + i), utf8("v" + i));
            }

            admin.send(n1, "DELETE", "/groups/g1/members/n3", Map.of(), Duration.ofSeconds(35));
            admin.send(n3, "DELETE", "/groups/g1/replica", Map.of(), Duration.ofSeconds(35));
            assertNull(c.replica("n3", "g1"), "n3 dropped its replica");
            assertFalse(c.node("n1").replica("g1").node().listPeers().contains(c.node("n1").replica("g1").peerOf("n3")));
            // The group keeps working with two voters; then the leader compacts its log, so n3 must use a snapshot.
            for (int i = 0; i < 50; i++) {
                client.put(utf8("while-removed-" + i), utf8("v" + i));
            }
            // jraft truncates the log only up to the previous snapshot, hence two snapshots.
            c.snapshot("n1", "g1");
            client.put(utf8("between"), utf8("snapshots"));
            c.snapshot("n1", "g1");

            admin.post(n3, "/groups/g1/replica", Map.of(), Duration.ofSeconds(35));
            admin.post(n1, "/groups/g1/members", Map.of("node", "n3", "learner", true), Duration.ofSeconds(35));
            Await.until("n3 caught up as a learner", TestCluster.WAIT,
                    () -> c.contents("n3", "g1").equals(c.contents("n1", "g1")), c::describe);
            Await.until("n3 reports itself a learner", TestCluster.WAIT, () -> "LEARNER".equals(role(c, "n3", "g1")), c::describe);
            // The event is recorded after the snapshot's data is in place, so the contents may match before it exists.
            Await.until("n3 caught up by installing a snapshot", TestCluster.WAIT, () -> c.node("n3").events().since(0).stream()
                    .anyMatch(e -> e.type().equals(NodeEvent.Types.SNAPSHOT_INSTALLED) && "g1".equals(e.group())),
                    () -> c.node("n3").events().since(0).toString());
            assertTrue(c.node("n1").events().since(0).stream().anyMatch(e -> e.type().equals(NodeEvent.Types.MEMBERSHIP_CHANGED)));

            // Adding an existing member or promoting a voter is refused, and changes nothing.
            AdminClient.AdminError twice = assertThrows(AdminClient.AdminError.class,
                    () -> admin.post(n1, "/groups/g1/members", Map.of("node", "n3"), Duration.ofSeconds(35)));
            assertEquals(409, twice.status());
            AdminClient.AdminError voter = assertThrows(AdminClient.AdminError.class,
                    () -> new dev.chorus.admin.ClusterAdmin(c.config()).promote("g1", "n2"));
            assertEquals(409, voter.status());

            new dev.chorus.admin.ClusterAdmin(c.config()).promote("g1", "n3");
            Await.until("n3 is a voter", TestCluster.WAIT, () -> "FOLLOWER".equals(role(c, "n3", "g1")), c::describe);
            GroupReplica lead = c.node("n1").replica("g1");
            assertTrue(lead.node().listPeers().contains(lead.peerOf("n3")));

            // The promoted replica survives a restart of its node (its hosting is remembered) and keeps up.
            c.stopNode("n3");
            c.startNode("n3");
            client.put(utf8("after"), utf8("promotion"));
            Await.until("n3 has the newest write", TestCluster.WAIT, () -> "promotion".equals(c.contents("n3", "g1").get("after")));
        }
    }
}
