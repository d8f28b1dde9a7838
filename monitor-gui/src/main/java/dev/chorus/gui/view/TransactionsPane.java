package dev.chorus.gui.view;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.faults.Failpoints;
import dev.chorus.gui.model.ClusterActions;
import dev.chorus.txn.coordinator.CoordinatorFailpoints;
import dev.chorus.txn.coordinator.TxnCoordinator;
import dev.chorus.txn.node.TxnsCollector;
import dev.chorus.txn.node.TxnsView;
import dev.chorus.txn.saga.SagaLog;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * In-flight transactions (phase as their coordinator or their record says), locks per group, recent outcomes, and
 * the coordinator failpoints to crash a coordinator mid-2PC and watch the resolvers clean up.
 */
final class TransactionsPane extends VBox {
    private final TableView<TxnsCollector.Row> inFlight = new TableView<>();
    private final TableView<TxnCoordinator.FinishedTxn> recent = new TableView<>();
    private final Label locks = new Label("no locks");
    private final TableView<SagaLog> sagas = new TableView<>();
    private final Label selection = new Label("select a transaction to see its participants and locked keys");
    private TxnsCollector.Snapshot last;

    TransactionsPane(ClusterConfig cluster, ClusterActions actions, ActionRunner runner) {
        setPadding(new Insets(8));
        setSpacing(6);
        inFlight.setId("txn-table");
        inFlight.setPlaceholder(new Label("no transaction in flight"));
        inFlight.getColumns().setAll(List.of(
                column("ID", TxnsCollector.Row::id, 290), column("State", TxnsCollector.Row::state, 90),
                column("Phase", TxnsCollector.Row::phase, 110),
                column("Participants", r -> String.join(", ", r.participants()), 140),
                column("Coordinator", TxnsCollector.Row::coordinator, 100), column("Age", r -> r.ageMs() + " ms", 80)));
        inFlight.setPrefHeight(170);
        inFlight.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> showSelection(row));
        recent.setId("txn-recent");
        recent.setPlaceholder(new Label("no transaction finished yet"));
        recent.getColumns().setAll(List.of(
                column("ID", TxnCoordinator.FinishedTxn::id, 290), column("Outcome", TxnCoordinator.FinishedTxn::outcome, 100),
                column("Participants", r -> String.join(", ", r.participants()), 140),
                column("Took", r -> r.durationMs() + " ms", 80), column("Reason", r -> r.reason() == null ? "" : r.reason(), 360)));
        recent.setPrefHeight(150);
        sagas.setId("saga-table");
        sagas.setPlaceholder(new Label("no saga yet (try: chorus saga demo-order)"));
        sagas.getColumns().setAll(List.of(
                column("Saga", SagaLog::id, 290), column("Name", SagaLog::name, 110),
                column("State", l -> l.state().name(), 130),
                column("Steps", l -> String.join("  ", l.steps().stream().map(st -> st.name() + "=" + st.state()).toList()), 480),
                column("Problem", l -> l.failure() == null ? "" : l.failure(), 300)));
        sagas.setPrefHeight(130);
        locks.setId("txn-locks");

        ChoiceBox<String> failpoint = new ChoiceBox<>();
        failpoint.getItems().setAll(CoordinatorFailpoints.ALL);
        failpoint.getItems().add(Failpoints.PARTICIPANT_AFTER_PREPARE);
        failpoint.getSelectionModel().select(CoordinatorFailpoints.AFTER_ALL_PREPARED);
        ChoiceBox<String> node = new ChoiceBox<>();
        node.getItems().add("every node");
        node.getItems().addAll(cluster.nodes().stream().map(NodeSpec::id).toList());
        node.getSelectionModel().select(0);
        HBox controls = new HBox(6, new Label("Crash at failpoint"), failpoint, new Label("on"), node,
                TopologyPane.button("failpoint-arm", "Arm", () -> {
                    String name = failpoint.getValue(); // controls are read on the FX thread, the action runs off it
                    String target = node.getValue().equals("every node") ? null : node.getValue();
                    runner.run("arm " + name, () -> actions.armFailpoint(name, target));
                }),
                TopologyPane.button("failpoint-clear", "Clear", () -> runner.run("clear failpoints", actions::clearFailpoints)));
        controls.setAlignment(Pos.CENTER_LEFT);
        Label t1 = new Label("In flight");
        t1.getStyleClass().add("section-title");
        Label t2 = new Label("Recently finished (by the coordinators)");
        t2.getStyleClass().add("section-title");
        Label t3 = new Label("Sagas (flexible transactions, not isolated)");
        t3.getStyleClass().add("section-title");
        getChildren().addAll(controls, t1, inFlight, selection, locks, t2, recent, t3, sagas);
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    void updateSagas(List<SagaLog> logs) {
        sagas.getItems().setAll(logs.subList(0, Math.min(logs.size(), 50)));
    }

    void update(TxnsCollector.Snapshot snapshot) {
        last = snapshot;
        TxnsCollector.Row selected = inFlight.getSelectionModel().getSelectedItem();
        inFlight.getItems().setAll(snapshot.inFlight());
        if (selected != null) {
            inFlight.getItems().stream().filter(r -> r.id().equals(selected.id())).findFirst()
                    .ifPresent(r -> inFlight.getSelectionModel().select(r));
        }
        Map<String, Integer> perGroup = new TreeMap<>();
        for (TxnsView v : snapshot.views()) {
            for (TxnsView.LockView l : v.locks()) {
                perGroup.merge(l.group(), 1, Integer::sum);
            }
        }
        locks.setText(perGroup.isEmpty() ? "locks held: none" : "locks held: " + perGroup);
        List<TxnCoordinator.FinishedTxn> done = new ArrayList<>();
        snapshot.views().forEach(v -> done.addAll(v.recent()));
        done.sort(Comparator.comparingLong(TxnCoordinator.FinishedTxn::startedMs).reversed());
        recent.getItems().setAll(done.subList(0, Math.min(done.size(), 50)));
    }

    private void showSelection(TxnsCollector.Row row) {
        if (row == null || last == null) {
            return;
        }
        List<String> keys = new ArrayList<>();
        for (TxnsView v : last.views()) {
            for (TxnsView.LockView l : v.locks()) {
                if (l.txn().equals(row.id())) {
                    keys.add(l.group() + ":" + l.key() + " (" + l.kind() + (l.expired() ? ", expired" : "") + ")");
                }
            }
        }
        selection.setText(row.id() + " — participants " + row.participants() + ", coordinator " + row.coordinator()
                + "; locks " + (keys.isEmpty() ? "none" : String.join(", ", keys)));
    }
}
