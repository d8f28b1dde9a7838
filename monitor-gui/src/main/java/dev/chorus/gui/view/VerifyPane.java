package dev.chorus.gui.view;

import dev.chorus.gui.vm.VerifyPanelModel;
import dev.chorus.gui.vm.VerifyStatus;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Verify tab: choose a workload, faults, duration and clients, start a {@code chorus verify} run, watch its op
 * counts and the nemesis's current fault (or Stop it early), then read the verdict and open the report. Shows {@link VerifyStatus}
 * values only; the run itself belongs to the {@link VerifyPanelModel}.
 */
final class VerifyPane extends VBox {
    private final VerifyPanelModel model;
    private final ReportOpener opener;
    private final FxLatest<VerifyStatus> statuses = new FxLatest<>(this::show);
    private final ChoiceBox<String> workload = new ChoiceBox<>();
    private final Map<String, CheckBox> faults = new LinkedHashMap<>();
    private final Spinner<Integer> duration = new Spinner<>(1, 3600, 30);
    private final Spinner<Integer> clients = new Spinner<>(1, 64, 5);
    private final Spinner<Integer> interval = new Spinner<>(1, 600, 5);
    private final Button start = new Button("Start run");
    private final Button stop = new Button("Stop");
    private final Label phase = value("verify-phase");
    private final Label elapsed = value("verify-elapsed");
    private final Label ok = value("verify-ok");
    private final Label fail = value("verify-fail");
    private final Label info = value("verify-info");
    private final Label fault = value("verify-fault");
    private final Label verdict = value("verify-verdict");
    private final Label message = value("verify-message");
    private final Hyperlink openReport = new Hyperlink("Open report.html");
    private final TextField reportPath = new TextField();
    private Path report;

    VerifyPane(VerifyPanelModel model, ReportOpener opener) {
        this.model = model;
        this.opener = opener;
        setSpacing(10);
        setPadding(new Insets(10));
        workload.getItems().setAll(model.workloads());
        workload.getSelectionModel().select(0);
        workload.setId("verify-workload");
        duration.setId("verify-duration");
        clients.setId("verify-clients");
        interval.setId("verify-interval");
        for (Spinner<Integer> s : List.of(duration, clients, interval)) {
            s.setEditable(true);
            s.setPrefWidth(90);
        }
        start.setId("verify-start");
        start.setOnAction(e -> start());
        stop.setId("verify-stop");
        stop.setTooltip(new Tooltip("End the run now: clients stop, every fault is healed, the history so far is checked"));
        stop.setOnAction(e -> {
            stop.setDisable(true); // at once: the STOPPING status follows on the next progress tick
            model.stop();
        });
        HBox settings = new HBox(8, new Label("Workload"), workload, new Label("Duration (s)"), duration,
                new Label("Clients"), clients, new Label("Fault interval (s)"), interval, start, stop);
        settings.setAlignment(Pos.CENTER_LEFT);

        FlowPane faultBoxes = new FlowPane(12, 6);
        Set<String> supported = model.supportedFaults();
        for (String name : model.faults()) {
            CheckBox box = new CheckBox(name);
            box.setId("verify-fault-" + name);
            if (!supported.contains(name)) {
                box.setDisable(true);
                box.setTooltip(new Tooltip(name + ": this cluster's node control cannot do it"));
            }
            faults.put(name, box);
            faultBoxes.getChildren().add(box);
        }

        GridPane live = new GridPane();
        live.setHgap(12);
        live.setVgap(4);
        String[] names = {"Phase", "Elapsed", "ok", "fail", "info", "Nemesis", "Verdict"};
        Label[] values = {phase, elapsed, ok, fail, info, fault, verdict};
        for (int i = 0; i < names.length; i++) {
            Label n = new Label(names[i]);
            n.getStyleClass().add("muted");
            live.add(n, i, 0);
            live.add(values[i], i, 1);
        }
        verdict.getStyleClass().add("title");
        message.setWrapText(true);
        openReport.setId("verify-open-report");
        openReport.setOnAction(e -> open());
        reportPath.setId("verify-report-path");
        reportPath.setEditable(false);
        reportPath.setPrefColumnCount(50);
        HBox reportRow = new HBox(8, openReport, reportPath);
        reportRow.setAlignment(Pos.CENTER_LEFT);

        Label title = new Label("Verify: Jepsen-style run against this cluster");
        title.getStyleClass().add("section-title");
        getChildren().addAll(title, settings, new Label("Nemesis faults (none checked: no nemesis)"), faultBoxes, live,
                message, reportRow);
        show(VerifyStatus.idle());
    }

    private static Label value(String id) {
        Label l = new Label();
        l.setId(id);
        return l;
    }

    private void start() {
        List<String> chosen = faults.values().stream().filter(CheckBox::isSelected).map(CheckBox::getText).toList();
        // The model starts the run on its own thread; the statuses come back through FxLatest.
        model.start(workload.getValue(), chosen, duration.getValue(), clients.getValue(), interval.getValue(), statuses);
    }

    private void show(VerifyStatus s) {
        start.setDisable(s.phase().busy());
        stop.setDisable(!s.phase().stoppable());
        phase.setText(s.phase().name());
        elapsed.setText(s.elapsedSeconds() + " s");
        ok.setText(Long.toString(s.ok()));
        fail.setText(Long.toString(s.fail()));
        info.setText(Long.toString(s.info()));
        fault.setText(s.fault());
        verdict.setText(s.verdict().isEmpty() ? "—" : s.verdict());
        verdict.getStyleClass().removeAll("result-ok", "result-error", "result-unknown");
        if (!s.verdict().isEmpty()) {
            verdict.getStyleClass().add(switch (s.verdict()) {
                case "VALID" -> "result-ok";
                case "INVALID" -> "result-error";
                default -> "result-unknown";
            });
        }
        message.setText(s.message());
        report = s.report();
        openReport.setDisable(report == null);
        reportPath.setText(report == null ? "" : report.toString());
    }

    private void open() {
        if (report != null && !opener.open(report)) {
            message.setText("no browser available here: open " + report + " yourself");
        }
    }
}
