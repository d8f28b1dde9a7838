package dev.chorus.gui;

import atlantafx.base.theme.PrimerDark;
import dev.chorus.config.ClusterConfig;
import dev.chorus.gui.model.BankWorkload;
import dev.chorus.gui.model.ClusterActions;
import dev.chorus.gui.model.ClusterPoller;
import dev.chorus.gui.model.NodeControl;
import dev.chorus.gui.model.Tick;
import dev.chorus.gui.view.DashboardView;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires the dashboard: a poller on a background thread, the view on the FX thread. Polls twice a second; only the
 * newest poll is ever waiting to be shown, so a slow frame never builds a backlog.
 */
public final class Dashboard implements AutoCloseable {
    public static final Duration POLL_PERIOD = Duration.ofMillis(500);

    private final DashboardView view;
    private final ClusterPoller poller;
    private final BankWorkload workload;
    private final AtomicReference<Tick> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public Dashboard(ClusterConfig cluster, NodeControl control) throws Exception {
        this.workload = new BankWorkload(cluster);
        this.view = new DashboardView(cluster, new ClusterActions(cluster, control), workload);
        this.poller = new ClusterPoller(cluster, control, this::offer);
    }

    private void offer(Tick tick) {
        latest.set(tick);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(() -> {
                scheduled.set(false);
                Tick t = latest.getAndSet(null);
                if (t != null) {
                    view.update(t);
                }
            });
        }
    }

    public void start() {
        poller.start(POLL_PERIOD);
    }

    /** Shows the dashboard in {@code stage} with the dark theme. */
    public void show(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view, Math.min(1400, screen.getWidth()), Math.min(900, screen.getHeight()));
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
        view.close();
    }
}
