package dev.chorus.gui.view;

import javafx.application.Platform;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands values from background threads to the FX thread, latest wins: at most one {@code Platform.runLater} is
 * queued at a time and it shows the newest value, so a slow frame never builds a backlog. Values offered from one
 * thread after another (happens-before) are shown in that order, the last one always.
 */
public final class FxLatest<T> implements Consumer<T> {
    private final Consumer<T> show;
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public FxLatest(Consumer<T> show) {
        this.show = show;
    }

    @Override
    public void accept(T value) {
        latest.set(value);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(() -> {
                scheduled.set(false);
                T v = latest.getAndSet(null);
                if (v != null) {
                    show.accept(v);
                }
            });
        }
    }
}
