package dev.chorus.gui.view;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import dev.chorus.events.NodeEvent;
import dev.chorus.gui.vm.EventFilter;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/** Every node's event stream merged, newest first, filterable by node, group, type and text. */
final class EventsPane extends VBox {
    private static final int KEEP = 3000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final ObservableList<NodeEvent> events = FXCollections.observableArrayList();
    private final FilteredList<NodeEvent> filtered = new FilteredList<>(events);

    EventsPane(ClusterConfig cluster) {
        setPadding(new Insets(8));
        setSpacing(6);
        ComboBox<String> node = choice("any node", cluster.nodes().stream().map(NodeSpec::id).toList());
        ComboBox<String> group = choice("any group", cluster.groups().stream().map(GroupSpec::id).toList());
        ComboBox<String> type = choice("any type", NodeEvent.Types.ALL);
        TextField text = new TextField();
        text.setPromptText("search details");
        Runnable refilter = () -> filtered.setPredicate(new EventFilter(value(node), value(group), value(type), text.getText()));
        node.setOnAction(e -> refilter.run());
        group.setOnAction(e -> refilter.run());
        type.setOnAction(e -> refilter.run());
        text.textProperty().addListener((o, a, b) -> refilter.run());
        HBox filters = new HBox(6, new Label("Filter"), node, group, type, text);
        filters.setAlignment(Pos.CENTER_LEFT);
        TableView<NodeEvent> table = new TableView<>(filtered);
        table.setId("event-table");
        table.getColumns().setAll(List.of(
                column("Time", e -> CLOCK.format(Instant.ofEpochMilli(e.timestampMs())), 110),
                column("Node", NodeEvent::node, 60), column("Group", e -> e.group() == null ? "" : e.group(), 60),
                column("Type", NodeEvent::type, 180), column("Details", EventFilter::describe, 520)));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(filters, table);
    }

    private static ComboBox<String> choice(String any, List<String> values) {
        ComboBox<String> c = new ComboBox<>();
        c.getItems().add(any);
        c.getItems().addAll(values);
        c.getSelectionModel().select(0);
        return c;
    }

    private static String value(ComboBox<String> c) {
        return c.getSelectionModel().getSelectedIndex() <= 0 ? "" : c.getValue();
    }

    private static TableColumn<NodeEvent, String> column(String title, Function<NodeEvent, String> value, double width) {
        TableColumn<NodeEvent, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    void add(List<NodeEvent> newEvents) {
        if (newEvents.isEmpty()) {
            return;
        }
        for (NodeEvent e : newEvents) {
            events.add(0, e);
        }
        if (events.size() > KEEP) {
            events.remove(KEEP, events.size());
        }
    }
}
