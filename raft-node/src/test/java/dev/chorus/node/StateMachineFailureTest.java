package dev.chorus.node;

import dev.chorus.client.ChorusClient;
import dev.chorus.client.ClientOptions;
import dev.chorus.faults.Failpoints;
import dev.chorus.faults.LinkFault;
import dev.chorus.protocol.KvResponse;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What happens when a replica's state machine fails: a batch whose write fails answers every waiting client at
 * once; a crash while saving or installing a snapshot leaves a node that restarts and catches up.
 */
class StateMachineFailureTest {

    /**
     * Ten writes are appended by the leader while its links are cut, so they commit together and reach the state
     * machine as one batch, whose write then fails. Every client must hear of it at once and retry at the next
     * leader; the clients' attempts wait 60 s, so any closure the failure forgot shows up as a write that does not
     * finish within the bound below.
     */
    @Test
    void aBatchWhoseWriteFailsAnswersEveryWaitingClientAtOnce() throws Exception {
        try (TestCluster cluster = TestCluster.start(3);
             ChorusClient client = new ChorusClient(cluster.config(), new ClientOptions(Duration.ofSeconds(90), Duration.ofSeconds(60)))) {
            client.put(utf8("warm"), utf8("up"));
            String leader = cluster.awaitLeader("g1");
            List<String> followers = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).toList();
            for (String f : followers) {
                // Faults are enforced by the receiving node.
                cluster.injectFault(f, new LinkFault(leader, f, true, 0, 0, 0));
            }
            long before = cluster.replica(leader, "g1").node().getLastLogIndex();
            List<CompletableFuture<KvResponse>> writes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                writes.add(client.putAsync(utf8("k" + i), utf8("v" + i)));
            }
            Await.until("the leader appended the ten writes", TestCluster.WAIT,
                    () -> cluster.replica(leader, "g1").node().getLastLogIndex() >= before + 10);
            cluster.node(leader).failpoints().arm(Failpoints.STORE_WRITE_ERROR);
            for (String f : followers) {
                cluster.healFaults(f);
            }

            Await.until("every write finished", Duration.ofSeconds(20), () -> writes.stream().allMatch(CompletableFuture::isDone));
            for (CompletableFuture<KvResponse> w : writes) {
                assertFalse(w.isCompletedExceptionally(), "the write succeeded at the next leader");
            }
            assertTrue(cluster.node(leader).events().since(0).stream().anyMatch(e -> e.type().equals("FAILPOINT_FIRED")),
                    "the failure was injected");
            assertTrue(!leader.equals(cluster.awaitLeader("g1")), "the failed replica gave up leadership");
            for (int i = 0; i < 10; i++) {
                assertEquals("v" + i, new String(client.get(utf8("k" + i)).orElseThrow()));
            }

            // The failed replica stops applying; restarted, it catches up with what it missed.
            cluster.stopNode(leader);
            cluster.startNode(leader);
            String current = cluster.awaitLeader("g1");
            Await.until(leader + " catches up after restart", TestCluster.WAIT,
                    () -> cluster.caughtUp("g1") && cluster.contents(leader, "g1").equals(cluster.contents(current, "g1")),
                    cluster::describe);
        }
    }

    @Test
    void aCrashInTheMiddleOfASnapshotInstallLeavesANodeThatRestartsAndCatchesUp() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            ChorusClient client = cluster.client();
            String leader = cluster.awaitLeader("g1");
            String follower = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
            for (int i = 0; i < 20; i++) {
                client.put(utf8("a" + i), utf8("v" + i));
            }
            cluster.stopNode(follower);
            cluster.wipeNode(follower);
            // jraft keeps its log back to the previous snapshot: two snapshots force an install.
            cluster.snapshot(leader, "g1");
            client.put(utf8("between"), utf8("snapshots"));
            cluster.snapshot(leader, "g1");

            cluster.startNode(follower, List.of(Failpoints.SNAPSHOT_INSTALL_CRASH));
            Await.until(follower + " crashed while installing the snapshot", TestCluster.WAIT, () -> cluster.crashed(follower));
            Path state = cluster.config().dataDir(cluster.config().node(follower).orElseThrow()).resolve("groups/g1/state");
            assertFalse(Files.exists(state), "the crash came with the live store moved aside");
            assertTrue(Files.exists(state.resolveSibling("state.old")) && Files.exists(state.resolveSibling("state.incoming")));

            cluster.startNode(follower);
            Await.until(follower + " installs the snapshot after the restart", TestCluster.WAIT,
                    () -> cluster.caughtUp("g1") && cluster.contents(follower, "g1").equals(cluster.contents(leader, "g1")),
                    cluster::describe);
            assertEquals(21, cluster.contents(follower, "g1").size());
            assertFalse(Files.exists(state.resolveSibling("state.old")), "leftovers of the interrupted switch are gone");
            assertFalse(Files.exists(state.resolveSibling("state.incoming")));
        }
    }

    @Test
    void aCrashWhileSavingASnapshotLeavesANodeThatRestartsAndSnapshotsAgain() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            ChorusClient client = cluster.client();
            String leader = cluster.awaitLeader("g1");
            String follower = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
            for (int i = 0; i < 20; i++) {
                client.put(utf8("b" + i), utf8("v" + i));
            }
            Await.until(follower + " applied the writes", TestCluster.WAIT, () -> cluster.caughtUp("g1"));
            cluster.node(follower).failpoints().arm(Failpoints.SNAPSHOT_SAVE_CRASH);
            try {
                cluster.snapshot(follower, "g1");
            } catch (AssertionError | Exception expected) {
                // the node crashed half-way: the snapshot did not complete
            }
            Await.until(follower + " crashed while saving the snapshot", TestCluster.WAIT, () -> cluster.crashed(follower));
            client.put(utf8("while-down"), utf8("x"));

            cluster.startNode(follower);
            Await.until(follower + " catches up after the restart", TestCluster.WAIT,
                    () -> cluster.caughtUp("g1") && cluster.contents(follower, "g1").equals(cluster.contents(leader, "g1")),
                    cluster::describe);
            cluster.snapshot(follower, "g1");
            cluster.stopNode(follower);
            cluster.startNode(follower);
            client.put(utf8("after"), utf8("y"));
            Await.until(follower + " comes back from the new snapshot", TestCluster.WAIT,
                    () -> cluster.caughtUp("g1") && cluster.contents(follower, "g1").equals(cluster.contents(leader, "g1")),
                    cluster::describe);
        }
    }
}
