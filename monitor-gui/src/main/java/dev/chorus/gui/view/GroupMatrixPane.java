package dev.chorus.gui.view;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import dev.chorus.gui.model.ClusterActions;
import dev.chorus.gui.vm.ClusterViewModel;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups × replicas: per cell the replica's role, term, log positions and replication lag; the leader's cell is
 * outlined and flashes when leadership moves. Each group has a menu of Raft operations.
 */
final class GroupMatrixPane extends VBox {
    private final Map<String, Cell> cells = new HashMap<>();
    private final Map<String, Label> groupTitles = new HashMap<>();
    private final Map<String, String> lastLeader = new HashMap<>();

    private static final class Cell {
        final VBox box = new VBox();
        final Label role = new Label("—");
        final Label term = new Label();
        final Label indexes = new Label();
        final ProgressBar lag = new ProgressBar(0);
        final Label lagText = new Label();
    }

    GroupMatrixPane(ClusterConfig cluster, ClusterActions actions, ActionRunner runner) {
        setPadding(new Insets(8));
        setSpacing(6);
        Label title = new Label("Groups × replicas");
        title.getStyleClass().add("section-title");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        List<NodeSpec> nodes = cluster.nodes();
        for (int c = 0; c < nodes.size(); c++) {
            Label h = new Label(nodes.get(c).id());
            h.getStyleClass().add("section-title");
            grid.add(h, c + 1, 0);
        }
        int row = 1;
        for (GroupSpec g : cluster.groups()) {
            Label name = new Label(g.id());
            name.getStyleClass().add("title");
            Label range = new Label(g.keyRange().toString());
            range.getStyleClass().add("muted");
            groupTitles.put(g.id(), new Label());
            groupTitles.get(g.id()).getStyleClass().add("muted");
            HBox nameLine = new HBox(8, name, range);
            nameLine.setAlignment(Pos.BASELINE_LEFT);
            VBox head = new VBox(2, nameLine, groupTitles.get(g.id()), menu(g.id(), nodes, actions, runner));
            head.setMinWidth(150);
            grid.add(head, 0, row);
            for (int c = 0; c < nodes.size(); c++) {
                Cell cell = new Cell();
                String key = g.id() + "/" + nodes.get(c).id();
                cell.box.setId("matrix-" + g.id() + "-" + nodes.get(c).id());
                cell.role.setId("role-" + g.id() + "-" + nodes.get(c).id());
                cell.lag.setId("lag-" + g.id() + "-" + nodes.get(c).id());
                cell.lag.setPrefWidth(110);
                cell.lag.getStyleClass().add("lag-bar");
                cell.indexes.getStyleClass().addAll("mono", "muted");
                cell.term.getStyleClass().add("muted");
                // Three lines per cell, so three groups fit above the tabs on a 1440x900 screen.
                HBox roleLine = new HBox(6, cell.role, cell.term);
                HBox lagLine = new HBox(6, cell.lag, cell.lagText);
                lagLine.setAlignment(Pos.CENTER_LEFT);
                cell.box.getChildren().addAll(roleLine, cell.indexes, lagLine);
                cell.box.getStyleClass().add("matrix-cell");
                cells.put(key, cell);
                grid.add(cell.box, c + 1, row);
            }
            row++;
        }
        getChildren().addAll(title, grid);
    }

    private static MenuButton menu(String group, List<NodeSpec> nodes, ClusterActions actions, ActionRunner runner) {
        MenuButton m = new MenuButton("Actions");
        m.setId("actions-" + group);
        m.getStyleClass().add("small");
        Menu transfer = new Menu("Transfer leader to");
        Menu addVoter = new Menu("Add voter");
        Menu addLearner = new Menu("Add learner");
        Menu promote = new Menu("Promote learner");
        Menu remove = new Menu("Remove replica");
        for (NodeSpec n : nodes) {
            String id = n.id();
            transfer.getItems().add(item("transfer-" + group + "-" + id, id, () -> runner.run("transfer " + group + " to " + id,
                    () -> actions.transferLeader(group, id))));
            addVoter.getItems().add(item("add-" + group + "-" + id, id, () -> runner.run("add " + id + " to " + group,
                    () -> actions.addMember(group, id, false))));
            addLearner.getItems().add(item("learner-" + group + "-" + id, id, () -> runner.run("add learner " + id + " to " + group,
                    () -> actions.addMember(group, id, true))));
            promote.getItems().add(item("promote-" + group + "-" + id, id, () -> runner.run("promote " + id + " in " + group,
                    () -> actions.promote(group, id))));
            remove.getItems().add(item("remove-" + group + "-" + id, id, () -> runner.run("remove " + id + " from " + group,
                    () -> actions.removeMember(group, id))));
        }
        MenuItem snapshot = item("snapshot-" + group, "Snapshot now", () -> runner.run("snapshot " + group, () -> actions.snapshot(group)));
        m.getItems().addAll(transfer, addVoter, addLearner, promote, remove, snapshot);
        return m;
    }

    private static MenuItem item(String id, String text, Runnable action) {
        MenuItem i = new MenuItem(text);
        i.setId(id);
        i.setOnAction(e -> action.run());
        return i;
    }

    void update(List<ClusterViewModel.ReplicaCell> replicas, List<ClusterStatus.GroupEntry> groups) {
        for (Cell c : cells.values()) {
            c.role.setText("—");
            c.role.getStyleClass().removeIf(s -> s.startsWith("role-"));
            c.role.getStyleClass().add("role-down");
            c.term.setText("no replica / no answer");
            c.indexes.setText("");
            c.lag.setProgress(0);
            c.lagText.setText("");
            c.box.getStyleClass().remove("leader");
        }
        for (ClusterViewModel.ReplicaCell r : replicas) {
            Cell c = cells.get(r.group() + "/" + r.node());
            if (c == null) {
                continue;
            }
            c.role.setText(r.role());
            c.role.getStyleClass().removeIf(s -> s.startsWith("role-"));
            c.role.getStyleClass().add(Styles.role(r.role()));
            c.term.setText("term " + r.term());
            c.indexes.setText("last " + r.lastLogIndex() + " · commit " + r.committedIndex() + " · applied " + r.appliedIndex());
            c.lag.setProgress(r.lagFraction());
            c.lag.getStyleClass().remove("caught-up");
            if (r.lag() == 0) {
                c.lag.getStyleClass().add("caught-up");
            }
            c.lagText.setText(r.leader() ? "leader" : "lag " + r.lag());
            if (r.leader()) {
                c.box.getStyleClass().add("leader");
            }
        }
        for (ClusterStatus.GroupEntry g : groups) {
            String leader = g.leader();
            Label t = groupTitles.get(g.id());
            if (t != null) {
                t.setText("leader " + (leader == null ? "none" : leader) + " · term " + g.term());
            }
            String before = lastLeader.put(g.id(), leader);
            if (leader != null && before != null && !before.equals(leader)) {
                flash(cells.get(g.id() + "/" + leader));
            }
        }
    }

    private static void flash(Cell cell) {
        if (cell == null) {
            return;
        }
        cell.box.getStyleClass().add("flash");
        PauseTransition p = new PauseTransition(Duration.seconds(1.5));
        p.setOnFinished(e -> cell.box.getStyleClass().remove("flash"));
        p.play();
    }
}
