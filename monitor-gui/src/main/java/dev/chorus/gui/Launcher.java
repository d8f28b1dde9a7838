package dev.chorus.gui;

import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ConfigException;
import javafx.application.Application;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code chorus-gui [--dir DIR | --cluster FILE] [--screenshot PNG [--screenshot-after SECONDS]]}. A plain main
 * (not an Application subclass) so the dashboard runs from an ordinary classpath jar. Without a display it says so
 * in one line and exits 3, leaving the cluster alone.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        dev.chorus.runtime.QuietLibraries.apply();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        Path clusterFile = Path.of("local-cluster", "cluster.json");
        List<String> fxArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--dir" -> clusterFile = Path.of(require(a, value)).resolve("cluster.json");
                case "--cluster" -> clusterFile = Path.of(require(a, value));
                case "--screenshot" -> fxArgs.add("--screenshot=" + Path.of(require(a, value)).toAbsolutePath());
                case "--screenshot-after" -> fxArgs.add("--screenshot-after=" + require(a, value));
                case "-h", "--help" -> {
                    System.out.println("usage: chorus-gui [--dir DIR | --cluster FILE] [--screenshot PNG [--screenshot-after SECONDS]]");
                    return;
                }
                default -> fail(2, "unknown argument '" + a + "' (try --help)");
            }
            i++;
        }
        if (!Files.exists(clusterFile)) {
            fail(2, "no cluster file at " + clusterFile + " (start a cluster with scripts/start-cluster.sh, or pass --dir/--cluster)");
        }
        try {
            ClusterConfigLoader.load(clusterFile);
        } catch (ConfigException e) {
            fail(2, e.getMessage());
        }
        boolean monocle = "Monocle".equals(System.getProperty("glass.platform"));
        if (!monocle && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            fail(3, "no display available (DISPLAY is not set); the dashboard needs a desktop session or Xvfb. The cluster keeps running.");
        }
        fxArgs.add("--cluster=" + clusterFile.toAbsolutePath());
        try {
            Application.launch(ChorusDashboardApp.class, fxArgs.toArray(String[]::new));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            fail(3, "cannot open the dashboard window: " + rootMessage(e));
        }
    }

    private static String require(String option, String value) {
        if (value == null) {
            fail(2, "missing value for " + option);
        }
        return value;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static void fail(int code, String message) {
        System.err.println("chorus-gui: " + message);
        System.exit(code);
    }
}
