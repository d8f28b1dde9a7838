package dev.chorus.gui;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Path;

/** Saves the window as a PNG after a delay, then exits: how docs/dashboard.png is made (scripts/screenshot.sh). */
final class Screenshot {
    private Screenshot() {
    }

    static void after(Stage stage, Path file, java.time.Duration delay) {
        PauseTransition wait = new PauseTransition(javafx.util.Duration.millis(delay.toMillis()));
        wait.setOnFinished(e -> {
            try {
                writePng(stage.getScene(), file);
                System.out.println("screenshot written to " + file);
            } catch (Exception ex) {
                System.err.println("chorus-gui: screenshot failed: " + ex.getMessage());
            }
            Platform.exit();
        });
        wait.play();
    }

    /** The scene as a PNG, without javafx-swing; call on the FX thread. */
    static void writePng(javafx.scene.Scene scene, Path file) throws java.io.IOException {
        javafx.scene.image.WritableImage image = scene.snapshot(null);
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage((int) image.getWidth(),
                (int) image.getHeight(), java.awt.image.BufferedImage.TYPE_INT_ARGB);
        javafx.scene.image.PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        javax.imageio.ImageIO.write(out, "png", file.toFile());
    }
}
