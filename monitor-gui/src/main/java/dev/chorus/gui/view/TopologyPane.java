package dev.chorus.gui.view;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.gui.model.ClusterActions;
import dev.chorus.gui.vm.ClusterViewModel;
import dev.chorus.gui.vm.NodeHealth;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Nodes as cards with their process and network actions, and a drawing of the links between them with their faults. */
final class TopologyPane extends VBox {
    /** Small enough that the map, three node cards and the link controls fit a 900-pixel-high screen. */
    private static final double MAP_SIZE = 190;
    private static final double MAP_RADIUS = 68;

    private final ClusterConfig cluster;
    private final Pane map = new Pane();
    private final Map<String, Label> healthBadges = new HashMap<>();
    private final Map<String, Label> details = new HashMap<>();
    private final Map<String, double[]> positions = new HashMap<>();

    TopologyPane(ClusterConfig cluster, ClusterActions actions, ActionRunner runner) {
        this.cluster = cluster;
        setSpacing(8);
        setPadding(new Insets(8));
        setPrefWidth(370); // the six buttons of a node card in one row
        map.setPrefSize(MAP_SIZE + 40, MAP_SIZE);
        map.setMinHeight(MAP_SIZE);
        List<NodeSpec> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            double angle = -Math.PI / 2 + 2 * Math.PI * i / nodes.size();
            positions.put(nodes.get(i).id(), new double[]{MAP_SIZE / 2 + 20 + Math.cos(angle) * MAP_RADIUS, MAP_SIZE / 2 + Math.sin(angle) * MAP_RADIUS});
        }
        Label title = new Label("Topology");
        title.getStyleClass().add("section-title");
        getChildren().addAll(title, map);
        for (NodeSpec n : nodes) {
            getChildren().add(card(n.id(), actions, runner));
        }
        getChildren().add(linkControls(actions, runner));
    }

    private VBox card(String node, ClusterActions actions, ActionRunner runner) {
        Label name = new Label(node);
        name.getStyleClass().add("title");
        Label badge = new Label("?");
        badge.setId("health-" + node);
        badge.getStyleClass().add("badge");
        Label detail = new Label();
        detail.getStyleClass().add("muted");
        detail.setWrapText(true); // a start failure's cause is a whole sentence
        detail.setId("detail-" + node);
        healthBadges.put(node, badge);
        details.put(node, detail);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(8, name, spacer, badge);
        head.setAlignment(Pos.CENTER_LEFT);
        FlowPane buttons = new FlowPane(4, 4,
                button("kill-" + node, "Kill", () -> runner.run("kill " + node, () -> actions.kill(node))),
                button("restart-" + node, "Restart", () -> runner.run("restart " + node, () -> actions.restart(node))),
                button("pause-" + node, "Pause", () -> runner.run("pause " + node, () -> actions.pause(node))),
                button("resume-" + node, "Resume", () -> runner.run("resume " + node, () -> actions.resume(node))),
                button("isolate-" + node, "Isolate", () -> runner.run("isolate " + node, () -> actions.isolate(node))),
                button("heal-" + node, "Heal", () -> runner.run("heal " + node, () -> actions.heal(node))));
        VBox card = new VBox(head, detail, buttons);
        card.setId("node-" + node);
        card.getStyleClass().add("node-card");
        return card;
    }

    static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("small");
        b.setOnAction(e -> action.run());
        return b;
    }

    private VBox linkControls(ClusterActions actions, ActionRunner runner) {
        List<String> ids = cluster.nodes().stream().map(NodeSpec::id).toList();
        ChoiceBox<String> a = new ChoiceBox<>();
        a.getItems().setAll(ids);
        a.getSelectionModel().select(0);
        ChoiceBox<String> b = new ChoiceBox<>();
        b.getItems().setAll(ids);
        b.getSelectionModel().select(Math.min(1, ids.size() - 1));
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.getItems().setAll("cut both ways", "cut one way (A→B)", "delay ms", "drop rate");
        kind.getSelectionModel().select(0);
        kind.setId("link-kind");
        TextField param = new TextField("100");
        param.setPrefColumnCount(4);
        param.setPromptText("ms / rate");
        Button apply = button("link-apply", "Apply", () -> {
            String from = a.getValue();
            String to = b.getValue();
            String k = kind.getValue();
            String p = param.getText().trim();
            runner.run(k + " " + from + " " + to, () -> {
                if (from.equals(to)) {
                    throw new IllegalArgumentException("pick two different nodes");
                }
                return switch (k) {
                    case "cut both ways" -> actions.cut(from, to, false);
                    case "cut one way (A→B)" -> actions.cut(from, to, true);
                    case "delay ms" -> actions.delay(from, to, Long.parseLong(p), Long.parseLong(p) / 5);
                    default -> actions.drop(from, to, Double.parseDouble(p));
                };
            });
        });
        Button heal = button("link-heal", "Heal link", () -> {
            String from = a.getValue();
            String to = b.getValue();
            runner.run("heal " + from + " " + to, () -> actions.healLink(from, to));
        });
        Label title = new Label("Links");
        title.getStyleClass().add("section-title");
        HBox row1 = new HBox(6, new Label("A"), a, new Label("B"), b, kind);
        row1.setAlignment(Pos.CENTER_LEFT);
        HBox row2 = new HBox(6, param, apply, heal);
        row2.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, title, row1, row2);
    }

    void update(List<ClusterViewModel.NodeCard> cards, List<ClusterViewModel.Link> links) {
        for (ClusterViewModel.NodeCard c : cards) {
            Label badge = healthBadges.get(c.id());
            badge.setText(c.health().label());
            badge.getStyleClass().removeIf(s -> s.startsWith("health-"));
            badge.getStyleClass().add(Styles.health(c.health()));
            String up = c.uptimeMs() == null ? "" : "up " + format(Duration.ofMillis(c.uptimeMs())) + " · ";
            details.get(c.id()).setText(up + "leads " + c.leads() + (c.detail().isEmpty() ? "" : " · " + c.detail()));
        }
        map.getChildren().clear();
        for (ClusterViewModel.Link l : links) {
            double[] pa = positions.get(l.a());
            double[] pb = positions.get(l.b());
            Line line = new Line(pa[0], pa[1], pb[0], pb[1]);
            line.setId("link-" + l.a() + "-" + l.b());
            line.getStyleClass().add(Styles.link(l.state()));
            line.setStrokeWidth(l.healthy() ? 2 : 3);
            line.setStroke(switch (l.state()) {
                case "cut" -> Color.web("#f85149");
                case "one-way" -> Color.web("#e16f24");
                case "delayed" -> Color.web("#d29922");
                case "lossy" -> Color.web("#a371f7");
                default -> Color.web("#57606a");
            });
            if (!l.healthy()) {
                line.getStrokeDashArray().setAll(8.0, 5.0);
                Text label = new Text((pa[0] + pb[0]) / 2 + 4, (pa[1] + pb[1]) / 2 - 4, l.label());
                label.setFill(line.getStroke());
                map.getChildren().addAll(line, label);
            } else {
                map.getChildren().add(line);
            }
        }
        for (ClusterViewModel.NodeCard c : cards) {
            double[] p = positions.get(c.id());
            Circle dot = new Circle(p[0], p[1], 22);
            dot.setFill(switch (c.health()) {
                case UP -> Color.web("#2da44e");
                case DOWN -> Color.web("#cf222e");
                case FAILED_TO_START -> Color.web("#a40e26");
                case PAUSED -> Color.web("#8250df");
                case UNREACHABLE -> Color.web("#bf8700");
                case ISOLATED -> Color.web("#e16f24");
            });
            Text name = new Text(p[0] - 9, p[1] + 5, c.id());
            name.setFill(Color.WHITE);
            Text leads = new Text(p[0] - 18, p[1] + 38, c.health() == NodeHealth.UP || c.health() == NodeHealth.ISOLATED
                    ? "leads " + c.leads() : c.health().label().toLowerCase());
            leads.setFill(Color.web("#8b949e"));
            map.getChildren().addAll(dot, name, leads);
        }
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
}
