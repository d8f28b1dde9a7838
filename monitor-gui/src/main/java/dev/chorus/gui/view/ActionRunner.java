package dev.chorus.gui.view;

import javafx.application.Platform;
import javafx.scene.control.Label;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the buttons' actions off the FX thread (they do network and process I/O) and shows each result, or its
 * error, in the status line. Actions run one after another, in the order clicked.
 */
public final class ActionRunner implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chorus-gui-actions");
        t.setDaemon(true);
        return t;
    });
    private final Label status;

    public ActionRunner(Label status) {
        this.status = status;
    }

    public void run(String what, Callable<String> action) {
        show("… " + what, null);
        executor.submit(() -> {
            try {
                String result = action.call();
                Platform.runLater(() -> show("✔ " + result, true));
            } catch (Exception e) {
                String msg = e.getMessage() != null ? e.getMessage() : e.toString();
                Platform.runLater(() -> show("✘ " + what + ": " + msg, false));
            }
        });
    }

    private void show(String text, Boolean ok) {
        status.setText(text);
        status.getStyleClass().removeAll("result-ok", "result-error");
        if (ok != null) {
            status.getStyleClass().add(ok ? "result-ok" : "result-error");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
