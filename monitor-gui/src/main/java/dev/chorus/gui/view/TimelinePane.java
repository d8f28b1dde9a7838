package dev.chorus.gui.view;

import dev.chorus.gui.vm.TimelineModel;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One lane per group over the last two minutes: a bar per leadership (coloured by leader, labelled with leader and
 * term; grey when the group had no leader), and vertical marks for faults, heals, node state changes and
 * elections, labelled at the bottom.
 */
final class TimelinePane extends Pane {
    static final long WINDOW_MS = 120_000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Color[] PALETTE = {Color.web("#2f81f7"), Color.web("#3fb950"), Color.web("#d29922"),
            Color.web("#a371f7"), Color.web("#f778ba"), Color.web("#39c5cf"), Color.web("#e16f24")};

    private final Canvas canvas = new Canvas(900, 260);
    private final Map<String, Color> leaderColors = new HashMap<>();
    private TimelineModel model;
    private long nowMs;

    TimelinePane() {
        getChildren().add(canvas);
        setId("timeline");
        widthProperty().addListener((o, a, b) -> redraw());
        heightProperty().addListener((o, a, b) -> redraw());
    }

    void update(TimelineModel model, long nowMs) {
        this.model = model;
        this.nowMs = nowMs;
        redraw();
    }

    private Color colorOf(String leader) {
        return leaderColors.computeIfAbsent(leader, l -> PALETTE[leaderColors.size() % PALETTE.length]);
    }

    private void redraw() {
        canvas.setWidth(Math.max(400, getWidth()));
        canvas.setHeight(Math.max(200, getHeight()));
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#0d1117"));
        g.fillRect(0, 0, w, h);
        if (model == null) {
            return;
        }
        double left = 60;
        double right = w - 10;
        long from = nowMs - WINDOW_MS;
        List<String> groups = model.groups();
        double laneH = Math.min(40, (h - 90) / Math.max(1, groups.size()));
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < groups.size(); i++) {
            double y = 10 + i * (laneH + 6);
            g.setFill(Color.web("#c9d1d9"));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(groups.get(i), 8, y + laneH / 2);
            for (TimelineModel.Segment s : model.segments(groups.get(i), from)) {
                double x0 = x(Math.max(s.fromMs(), from), from, left, right);
                double x1 = Math.max(x0 + 2, x(s.toMs(), from, left, right));
                g.setFill(s.leader() == null ? Color.web("#30363d") : colorOf(s.leader()));
                g.fillRect(x0, y, x1 - x0, laneH);
                if (x1 - x0 > 70) {
                    g.setFill(Color.WHITE);
                    g.fillText((s.leader() == null ? "no leader" : s.leader()) + " · t" + s.term(), x0 + 4, y + laneH / 2);
                }
            }
        }
        double axisY = 10 + groups.size() * (laneH + 6) + 4;
        g.setStroke(Color.web("#30363d"));
        g.strokeLine(left, axisY, right, axisY);
        g.setFill(Color.web("#8b949e"));
        g.setTextAlign(TextAlignment.CENTER);
        for (long t = from - from % 15_000 + 15_000; t <= nowMs; t += 15_000) {
            double x = x(t, from, left, right);
            g.fillText(CLOCK.format(Instant.ofEpochMilli(t)), x, axisY + 10);
        }
        g.setTextAlign(TextAlignment.LEFT);
        int line = 0;
        List<TimelineModel.Marker> markers = model.markers(from);
        for (TimelineModel.Marker m : markers) {
            double x = x(m.atMs(), from, left, right);
            g.setStroke(switch (m.kind()) {
                case "fault" -> Color.web("#f85149");
                case "heal" -> Color.web("#3fb950");
                case "election" -> Color.web("#c9d1d9", 0.35);
                case "txn" -> Color.web("#a371f7");
                default -> Color.web("#d29922");
            });
            g.strokeLine(x, 6, x, axisY);
        }
        // The most recent non-election marks, newest last, as a legend under the axis.
        List<TimelineModel.Marker> labelled = markers.stream().filter(m -> !m.kind().equals("election")).toList();
        for (TimelineModel.Marker m : labelled.subList(Math.max(0, labelled.size() - 4), labelled.size())) {
            g.setFill(m.kind().equals("heal") ? Color.web("#3fb950") : m.kind().equals("fault") ? Color.web("#f85149") : Color.web("#d29922"));
            g.fillText(CLOCK.format(Instant.ofEpochMilli(m.atMs())) + "  " + m.text(), left, axisY + 28 + 15 * line++);
        }
    }

    private static double x(long t, long from, double left, double right) {
        return left + (right - left) * (t - from) / (double) WINDOW_MS;
    }
}
