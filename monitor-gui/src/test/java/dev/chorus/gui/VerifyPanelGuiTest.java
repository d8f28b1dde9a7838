package dev.chorus.gui;

import dev.chorus.testing.Await;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.chorus.gui.FxReads.fx;
import static dev.chorus.gui.FxReads.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Verify tab against a real in-process cluster: a short {@code register} run with the isolate nemesis, started
 * from the panel, shows its op counts and the fault while it runs, and ends with a verdict and the report's path; a
 * ten-minute run stopped with Stop while a fault is in place ends within seconds with a verdict, Stop disabled again.
 * With {@code -Dverify.screenshot=FILE} it also saves the finished panel as a PNG (how docs/verify-panel.png is made).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one cluster and window for the class, without static state
class VerifyPanelGuiTest {
    /** Long enough for one isolate window (after one quiet interval) to be seen by several progress ticks. */
    private static final int RUN_SECONDS = 6;
    private static final int INTERVAL_SECONDS = 2;
    /** A run only Stop can end within the test's time. */
    private static final int LONG_RUN_SECONDS = 600;

    private Path results;
    private DashboardFixture app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    void start(@TempDir Path results) throws Exception {
        this.results = results;
        app = DashboardFixture.start(results);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aShortRunShowsCountsAndTheFaultLiveThenAVerdictAndTheReport() throws Exception {
        List<String> faultsShown = new CopyOnWriteArrayList<>();
        List<Long> okShown = new CopyOnWriteArrayList<>();
        fx(() -> {
            TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals("Verify")).findFirst().orElseThrow());
            assertFalse(robot.lookup("#verify-fault-kill").queryAs(CheckBox.class).isDisabled(), "in-process nodes can be killed");
            assertTrue(robot.lookup("#verify-fault-pause").queryAs(CheckBox.class).isDisabled(), "but not paused");
            robot.lookup("#verify-workload").queryAs(ChoiceBox.class).setValue("register");
            robot.lookup("#verify-duration").queryAs(Spinner.class).getValueFactory().setValue(RUN_SECONDS);
            robot.lookup("#verify-interval").queryAs(Spinner.class).getValueFactory().setValue(INTERVAL_SECONDS);
            robot.lookup("#verify-clients").queryAs(Spinner.class).getValueFactory().setValue(2);
            robot.lookup("#verify-fault-isolate").queryAs(CheckBox.class).setSelected(true);
            // Every value the labels take, not only the ones a poll happens to catch.
            robot.lookup("#verify-fault").queryAs(Label.class).textProperty().addListener((o, a, b) -> faultsShown.add(b));
            robot.lookup("#verify-ok").queryAs(Label.class).textProperty().addListener((o, a, b) -> okShown.add(Long.parseLong(b)));
            return null;
        });
        robot.clickOn("#verify-start");
        Await.until("ok count moving while the run lasts", Duration.ofSeconds(15),
                () -> text("#verify-phase").equals("RUNNING") && Long.parseLong(text("#verify-ok")) > 0,
                () -> text("#verify-phase") + " " + text("#verify-message"));
        Await.until("a verdict", Duration.ofSeconds(25), () -> !text("#verify-verdict").equals("—"),
                () -> text("#verify-phase") + " " + text("#verify-message"));
        String message = text("#verify-message");
        assertEquals("DONE", text("#verify-phase"), message);
        assertEquals("VALID", text("#verify-verdict"), message);
        assertTrue(okShown.stream().distinct().count() > 2, "the ok count moved: " + okShown);
        assertTrue(faultsShown.stream().anyMatch(f -> f.startsWith("isolate")), "the nemesis's fault shown: " + faultsShown);
        Path report = Path.of(fx(() -> robot.lookup("#verify-report-path").queryAs(TextField.class).getText()));
        assertTrue(report.startsWith(results) && Files.readString(report).contains("<svg"), "report at " + report);
        savePictureIfAsked();
    }

    @Test
    @SuppressWarnings("unchecked")
    void stopEndsALongRunWithAVerdictAndDisablesItself() throws Exception {
        fx(() -> {
            TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals("Verify")).findFirst().orElseThrow());
            assertTrue(button("#verify-stop").isDisabled(), "no run, nothing to stop");
            robot.lookup("#verify-workload").queryAs(ChoiceBox.class).setValue("register");
            robot.lookup("#verify-duration").queryAs(Spinner.class).getValueFactory().setValue(LONG_RUN_SECONDS);
            robot.lookup("#verify-interval").queryAs(Spinner.class).getValueFactory().setValue(INTERVAL_SECONDS);
            robot.lookup("#verify-clients").queryAs(Spinner.class).getValueFactory().setValue(2);
            robot.lookup("#verify-fault-isolate").queryAs(CheckBox.class).setSelected(true);
            return null;
        });
        robot.clickOn("#verify-start");
        // Stop while a fault is in place: the stop must heal it, not leave it.
        Await.until("a fault in place while the run lasts", Duration.ofSeconds(20),
                () -> text("#verify-phase").equals("RUNNING") && text("#verify-fault").startsWith("isolate"),
                () -> text("#verify-phase") + " " + text("#verify-fault") + " " + text("#verify-message"));
        assertFalse(fx(() -> button("#verify-stop").isDisabled()), "a running run can be stopped");
        long stopped = System.nanoTime();
        robot.clickOn("#verify-stop");
        assertTrue(fx(() -> button("#verify-stop").isDisabled()), "Stop disables itself at once");
        Await.until("a verdict soon after Stop", Duration.ofSeconds(40), () -> !text("#verify-verdict").equals("—"),
                () -> text("#verify-phase") + " " + text("#verify-message"));
        long tookSeconds = (System.nanoTime() - stopped) / 1_000_000_000L;
        String message = text("#verify-message");
        assertEquals("DONE", text("#verify-phase"), message);
        assertEquals("VALID", text("#verify-verdict"), message);
        assertTrue(message.contains("stopped after"), message);
        assertTrue(tookSeconds < 40 && Long.parseLong(text("#verify-elapsed").replace(" s", "")) < LONG_RUN_SECONDS / 2,
                "ended long before its duration: " + tookSeconds + " s after Stop, " + text("#verify-elapsed"));
        assertTrue(fx(() -> button("#verify-stop").isDisabled() && !button("#verify-start").isDisabled()),
                "Stop disabled again, Start enabled");
        assertEquals("none", text("#verify-fault"));
    }

    private Button button(String id) {
        return robot.lookup(id).queryAs(Button.class);
    }

    /** {@code -Dverify.screenshot=docs/verify-panel.png}: the window as it ends, for the docs (Monocle renders it). */
    private void savePictureIfAsked() {
        String file = System.getProperty("verify.screenshot");
        if (file != null) {
            fx(() -> {
                try {
                    Screenshot.writePng(app.stage().getScene(), Path.of(file));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
        }
    }
}
