package dev.chorus.gui;

import javafx.application.Platform;
import javafx.scene.control.Label;
import org.testfx.api.FxRobot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Reads the live scene from a test thread: every read runs on the FX thread, which owns the controls. */
final class FxReads {
    private static final FxRobot ROBOT = new FxRobot();

    private FxReads() {
    }

    static <T> T fx(Supplier<T> read) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(read.get());
            } catch (RuntimeException | Error e) { // an assertion inside fails the read at once
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The text of the label with this CSS id, e.g. {@code #health-n1}. */
    static String text(String id) {
        return fx(() -> ROBOT.lookup(id).queryAs(Label.class).getText());
    }
}
