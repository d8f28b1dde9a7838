package dev.chorus.gui;

import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import dev.chorus.testing.Await;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testfx.api.FxRobot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.chorus.gui.FxReads.fx;
import static dev.chorus.gui.FxReads.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 13: the dashboard fits a 1440×900 screen. With the default cluster (three nodes, three groups) every group
 * row of the matrix, every node card and the link controls lie inside the window and inside every pane that could
 * clip them (scroll panes, split panes): seen without scrolling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one cluster and window for the class, without static state
class DashboardLayoutGuiTest {
    private static final double WIDTH = 1440;
    private static final double HEIGHT = 900;
    private DashboardFixture app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    void start() throws Exception {
        app = DashboardFixture.start(Dashboard.VERIFY_RESULTS);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void groupsNodeCardsAndLinkControlsAreVisibleWithoutScrollingAt1440x900() {
        // Laid out with live data: a node card's detail line and the matrix's cells fill in with the first polls.
        Await.until("the first poll shown", Duration.ofSeconds(15), () -> text("#health-n1").equals("UP"));
        List<String> ids = new ArrayList<>();
        for (GroupSpec g : app.cluster().config().groups()) {
            ids.add("#actions-" + g.id());
            for (NodeSpec n : app.cluster().config().nodes()) {
                ids.add("#matrix-" + g.id() + "-" + n.id());
            }
        }
        for (NodeSpec n : app.cluster().config().nodes()) {
            ids.add("#node-" + n.id());
        }
        ids.addAll(List.of("#link-kind", "#link-apply", "#link-heal", "#heal-all"));
        assertEquals(3, app.cluster().config().groups().size(), "the default cluster's three groups");
        List<String> hidden = fx(() -> {
            Scene scene = app.stage().getScene();
            List<String> out = new ArrayList<>();
            if (scene.getWidth() != WIDTH || scene.getHeight() != HEIGHT) {
                out.add("window is " + scene.getWidth() + "x" + scene.getHeight());
            }
            for (String id : ids) {
                Node node = robot.lookup(id).query();
                String clipped = clippedBy(node);
                if (clipped != null) {
                    out.add(id + " " + clipped);
                }
            }
            return out;
        });
        assertEquals(List.of(), hidden, "outside the window or cut off by a pane at 1440x900");
    }

    /** What hides part of {@code node}: the window, or an ancestor whose bounds do not contain it; null if nothing. */
    private static String clippedBy(Node node) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        if (!node.isVisible() || b.getMinX() < 0 || b.getMinY() < 0 || b.getMaxX() > WIDTH || b.getMaxY() > HEIGHT) {
            return "at " + b + " (window " + WIDTH + "x" + HEIGHT + ")";
        }
        for (Parent p = node.getParent(); p != null; p = p.getParent()) {
            Bounds pb = p.localToScene(p.getLayoutBounds());
            boolean contains = b.getMinX() >= pb.getMinX() - 1 && b.getMinY() >= pb.getMinY() - 1
                    && b.getMaxX() <= pb.getMaxX() + 1 && b.getMaxY() <= pb.getMaxY() + 1;
            if (!contains && (p instanceof javafx.scene.control.ScrollPane || p instanceof javafx.scene.control.SplitPane
                    || p.getClip() != null)) {
                return "at " + b + " cut off by " + p.getClass().getSimpleName() + " at " + pb;
            }
        }
        return null;
    }
}
