package dev.chorus.gui;

import dev.chorus.gui.view.ReportOpener;
import dev.chorus.testing.TestCluster;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;

/**
 * The real dashboard shown headless (Monocle) on the primary stage, against a real in-process cluster of three nodes
 * and three groups (split at "i" and "r"), as the default local cluster has.
 */
record DashboardFixture(TestCluster cluster, Dashboard dashboard, Stage stage) {

    static DashboardFixture start(Path verifyResults) throws Exception {
        TestCluster cluster = TestCluster.start(3, "i", "r");
        Stage stage = FxToolkit.registerPrimaryStage();
        Dashboard dashboard = new Dashboard(cluster.config(), new InProcessNodeControl(cluster), verifyResults, ReportOpener.NONE);
        FxToolkit.setupFixture(() -> dashboard.show(stage));
        return new DashboardFixture(cluster, dashboard, stage);
    }

    void close() throws Exception {
        FxToolkit.setupFixture(dashboard::close);
        FxToolkit.cleanupStages();
        cluster.close();
    }
}
