package dev.chorus.gui;

import atlantafx.base.theme.PrimerDark;
import dev.chorus.config.ClusterConfig;
import dev.chorus.gui.model.BankWorkload;
import dev.chorus.gui.model.ClusterActions;
import dev.chorus.gui.model.ClusterPoller;
import dev.chorus.gui.model.NodeControl;
import dev.chorus.gui.model.Tick;
import dev.chorus.gui.model.VerifyLauncher;
import dev.chorus.gui.view.DashboardView;
import dev.chorus.gui.view.FxLatest;
import dev.chorus.gui.view.ReportOpener;
import dev.chorus.gui.vm.VerifyPanelModel;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Wires the dashboard: a poller on a background thread, the view on the FX thread. Polls twice a second; only the
 * newest poll is ever waiting to be shown, so a slow frame never builds a backlog.
 */
public final class Dashboard implements AutoCloseable {
    public static final Duration POLL_PERIOD = Duration.ofMillis(500);

    /** Where Verify runs started from the dashboard keep their results, unless told otherwise. */
    public static final Path VERIFY_RESULTS = Path.of("verify-runs");

    private final DashboardView view;
    private final ClusterPoller poller;
    private final BankWorkload workload;
    private final VerifyLauncher verify;

    public Dashboard(ClusterConfig cluster, NodeControl control) throws Exception {
        this(cluster, control, VERIFY_RESULTS, ReportOpener.NONE);
    }

    /** @param verifyResults where each Verify run gets its results directory */
    public Dashboard(ClusterConfig cluster, NodeControl control, Path verifyResults, ReportOpener reports) throws Exception {
        this.workload = new BankWorkload(cluster);
        this.verify = new VerifyLauncher(cluster, control, verifyResults);
        this.view = new DashboardView(cluster, new ClusterActions(cluster, control), workload, new VerifyPanelModel(verify),
                reports);
        this.poller = new ClusterPoller(cluster, control, new FxLatest<>(view::update));
    }

    public void start() {
        poller.start(POLL_PERIOD);
    }

    /** Shows the dashboard in {@code stage} with the dark theme. */
    public void show(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        scene.getStylesheets().add(Dashboard.class.getResource("dashboard.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Chorus dashboard");
        stage.show();
        start();
    }

    @Override
    public void close() {
        poller.close();
        workload.close();
        verify.close();
        view.close();
    }
}
