package dev.chorus.gui;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.gui.model.LocalProcessControl;
import javafx.application.Application;
import javafx.stage.Stage;

import java.nio.file.Path;

/** The JavaFX application: loads the cluster file named by {@code --cluster FILE} and opens the dashboard. */
public final class ChorusDashboardApp extends Application {
    private Dashboard dashboard;

    @Override
    public void start(Stage stage) throws Exception {
        String file = getParameters().getNamed().get("cluster");
        ClusterConfig cluster = ClusterConfigLoader.load(Path.of(file));
        dashboard = new Dashboard(cluster, new LocalProcessControl(cluster), Dashboard.VERIFY_RESULTS, report -> {
            getHostServices().showDocument(report.toUri().toString());
            return true; // HostServices does not tell whether a browser came up; the panel shows the path anyway
        });
        dashboard.show(stage);
        String screenshot = getParameters().getNamed().get("screenshot");
        if (screenshot != null) {
            Screenshot.after(stage, Path.of(screenshot), java.time.Duration.ofSeconds(
                    Long.parseLong(getParameters().getNamed().getOrDefault("screenshot-after", "12"))));
        }
    }

    @Override
    public void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }
}
