package dev.chorus.gui;

import dev.chorus.config.HostPort;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.coordinator.CoordinatorFailpoints;
import javafx.scene.control.TableView;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import dev.chorus.raft.GroupReplica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.chorus.gui.FxReads.fx;
import static dev.chorus.gui.FxReads.text;
import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real dashboard (headless, Monocle) against a real in-process 3-node cluster. Node "processes" are the
 * in-process nodes here (kill = abrupt stop, restart = start on the same data); everything else goes through the
 * nodes' admin API exactly as in production. Each test starts from a healthy cluster ({@link #healthyCluster}) and
 * puts back what it changed in {@code finally}, so they pass in any order.
 */
class DashboardGuiTest {
    private static final Duration FEW_SECONDS = Duration.ofSeconds(15);
    private static DashboardFixture app;
    private static TestCluster cluster;
    private static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        app = DashboardFixture.start(Dashboard.VERIFY_RESULTS);
        cluster = app.cluster();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    /**
     * What every test starts from: every node running, no link fault, no failpoint armed, each group led by its
     * preferred leader (g1 n1, g2 n2, g3 n3), and the dashboard showing it.
     */
    @BeforeEach
    void healthyCluster() throws Exception {
        restoreNodes();
        for (GroupSpec g : cluster.config().groups()) {
            String preferred = g.preferredLeader();
            Await.until(preferred + " leads " + g.id(), Duration.ofSeconds(30), () -> {
                String leader = cluster.awaitLeader(g.id());
                if (leader.equals(preferred)) {
                    return true;
                }
                GroupReplica r = cluster.replica(leader, g.id());
                r.node().transferLeadershipTo(r.peerOf(preferred)); // asked again until it took
                return false;
            });
            awaitText("#role-" + g.id() + "-" + preferred, "LEADER");
        }
        for (NodeSpec n : cluster.config().nodes()) {
            awaitText("#health-" + n.id(), "UP");
        }
    }

    /** Starts every node that is not running, heals every link fault and clears every failpoint. */
    @AfterEach
    void restoreNodes() throws Exception {
        for (NodeSpec n : cluster.config().nodes()) {
            if (!cluster.runningNodes().contains(n.id())) {
                cluster.startNode(n.id());
            }
        }
        for (String n : cluster.runningNodes()) {
            cluster.healFaults(n);
            cluster.node(n).failpoints().clear(null);
        }
    }

    private static void awaitText(String id, String expected) {
        Await.until(id + " shows " + expected, FEW_SECONDS, () -> expected.equals(text(id)),
                () -> "it shows " + text(id) + "; status line: " + text("#action-status"));
    }

    @Test
    void matrixShowsEachGroupsLeader() {
        awaitText("#role-g1-n1", "LEADER");
        awaitText("#role-g2-n2", "LEADER");
        awaitText("#role-g3-n3", "LEADER");
        awaitText("#role-g1-n2", "FOLLOWER");
        awaitText("#health-n1", "UP");
    }

    @Test
    void killingTheLeaderFromTheGuiShowsANewLeader() {
        awaitText("#role-g1-n1", "LEADER");
        robot.clickOn("#kill-n1");
        try {
            awaitText("#health-n1", "DOWN");
            Await.until("another node shown as leader of g1", FEW_SECONDS,
                    () -> "LEADER".equals(text("#role-g1-n2")) || "LEADER".equals(text("#role-g1-n3")));
        } finally {
            robot.clickOn("#restart-n1");
        }
        awaitText("#health-n1", "UP");
    }

    @Test
    void isolatingANodeShowsItIsolatedAndHealAllHealsIt() {
        robot.clickOn("#isolate-n2");
        try {
            awaitText("#health-n2", "ISOLATED");
        } finally {
            robot.clickOn("#heal-all");
        }
        awaitText("#health-n2", "UP");
    }

    @Test
    void aTransactionStuckByACrashedCoordinatorIsShownThenResolved() throws Exception {
        try (TxnClient txns = new TxnClient(cluster.config(), cluster.client())) {
            txns.run(t -> {
                t.put(utf8("apple"), utf8("0"));
                return null;
            });
            // Whichever node coordinates crashes before the decision.
            for (String n : cluster.runningNodes()) {
                cluster.node(n).failpoints().arm(CoordinatorFailpoints.AFTER_ALL_PREPARED);
            }
            Transaction t = txns.begin();
            t.put(utf8("apple"), utf8("1"));
            t.put(utf8("kiwi"), utf8("1"));
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                try {
                    t.commit();
                } catch (RuntimeException expected) {
                    // aborted once the resolvers expire it
                }
            });
            Await.until("the dashboard lists the stuck transaction", FEW_SECONDS, () -> fx(() ->
                    robot.lookup("#txn-table").queryAs(TableView.class).getItems().stream()
                            .anyMatch(r -> r.toString().contains(t.id()))));
            Await.until("the dashboard shows it resolved: gone, and no locks", Duration.ofSeconds(30), () -> fx(() ->
                    robot.lookup("#txn-table").queryAs(TableView.class).getItems().stream()
                            .noneMatch(r -> r.toString().contains(t.id())))
                    && text("#txn-locks").equals("locks held: none"));
            commit.get(30, TimeUnit.SECONDS);
            assertEquals("0", new String(cluster.client().get(utf8("apple")).orElseThrow()));
        } finally {
            restoreNodes(); // the coordinator that crashed is started again, the others' failpoints cleared
        }
    }

    @Test
    void aNodeThatFailsToStartShowsFailedToStartAndWhyOnItsCardAndInTheStatusLine() throws Exception {
        awaitText("#health-n3", "UP");
        robot.clickOn("#kill-n3");
        awaitText("#health-n3", "DOWN");
        HostPort raft = cluster.config().node("n3").orElseThrow().raft();
        // Another program takes n3's raft port (as soon as the stopped node has let go of it): n3 cannot start.
        ServerSocket taken = Await.value("n3's raft port to be free", FEW_SECONDS, () -> {
            try {
                return new ServerSocket(raft.port(), 50, InetAddress.getByName(raft.host()));
            } catch (IOException busy) {
                return null;
            }
        });
        String cause = "cannot listen on raft address " + raft;
        try {
            robot.clickOn("#restart-n3");
            awaitText("#health-n3", "FAILED TO START");
            String detail = text("#detail-n3");
            assertTrue(detail.contains(cause) && detail.contains("Address already in use"), detail);
            Await.until("the status line says why", FEW_SECONDS,
                    () -> text("#action-status").contains("restart n3: node n3 failed to start: " + cause),
                    () -> text("#action-status"));
        } finally {
            taken.close();
            robot.clickOn("#restart-n3");
        }
        awaitText("#health-n3", "UP");
    }
}
