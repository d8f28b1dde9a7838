package dev.chorus.gui;

import dev.chorus.gui.model.NodeControl;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.coordinator.CoordinatorFailpoints;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real dashboard (headless, Monocle) against a real in-process 3-node cluster. Node "processes" are the
 * in-process nodes here (kill = abrupt stop, restart = start on the same data); everything else goes through the
 * nodes' admin API exactly as in production.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardGuiTest {
    private static final Duration FEW_SECONDS = Duration.ofSeconds(15);
    private static TestCluster cluster;
    private static Dashboard dashboard;
    private static final FxRobot robot = new FxRobot();

    /** Node control over the in-process nodes of the test cluster. */
    private static final class InProcessControl implements NodeControl {
        @Override
        public Map<String, String> processStates() {
            Map<String, String> out = new LinkedHashMap<>();
            cluster.config().nodes().forEach(n -> out.put(n.id(), cluster.runningNodes().contains(n.id()) ? "RUNNING" : "STOPPED"));
            return out;
        }

        @Override
        public void kill(String node) {
            cluster.stopNode(node);
        }

        @Override
        public void restart(String node) throws Exception {
            cluster.stopNode(node);
            cluster.startNode(node);
        }

        @Override
        public void pause(String node) {
            throw new UnsupportedOperationException("pause needs a real process (SIGSTOP)");
        }

        @Override
        public void resume(String node) {
            throw new UnsupportedOperationException("resume needs a real process (SIGCONT)");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(3, "i", "r");
        Stage stage = FxToolkit.registerPrimaryStage();
        dashboard = new Dashboard(cluster.config(), new InProcessControl());
        FxToolkit.setupFixture(() -> dashboard.show(stage));
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.setupFixture(() -> dashboard.close());
        FxToolkit.cleanupStages();
        cluster.close();
    }

    private static <T> T fx(Supplier<T> read) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(read.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String text(String id) {
        return fx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    private static void awaitText(String id, String expected) {
        Await.until(id + " shows " + expected, FEW_SECONDS, () -> expected.equals(text(id)),
                () -> "it shows " + text(id) + "; status line: " + text("#action-status"));
    }

    @Test
    @Order(1)
    void matrixShowsEachGroupsLeader() {
        awaitText("#role-g1-n1", "LEADER");
        awaitText("#role-g2-n2", "LEADER");
        awaitText("#role-g3-n3", "LEADER");
        awaitText("#role-g1-n2", "FOLLOWER");
        awaitText("#health-n1", "UP");
    }

    @Test
    @Order(2)
    void killingTheLeaderFromTheGuiShowsANewLeader() {
        awaitText("#role-g1-n1", "LEADER");
        robot.clickOn("#kill-n1");
        awaitText("#health-n1", "DOWN");
        Await.until("another node shown as leader of g1", FEW_SECONDS,
                () -> "LEADER".equals(text("#role-g1-n2")) || "LEADER".equals(text("#role-g1-n3")));
        robot.clickOn("#restart-n1");
        awaitText("#health-n1", "UP");
    }

    @Test
    @Order(3)
    void isolatingANodeShowsItIsolatedAndHealAllHealsIt() {
        robot.clickOn("#isolate-n2");
        awaitText("#health-n2", "ISOLATED");
        robot.clickOn("#heal-all");
        awaitText("#health-n2", "UP");
    }

    @Test
    @Order(4)
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
        }
        for (String n : cluster.config().nodes().stream().map(x -> x.id()).toList()) {
            if (cluster.crashed(n)) {
                cluster.startNode(n);
            } else {
                cluster.node(n).failpoints().clear(null);
            }
        }
    }
}
