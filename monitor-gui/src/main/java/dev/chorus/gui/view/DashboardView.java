package dev.chorus.gui.view;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.config.ClusterConfig;
import dev.chorus.gui.model.BankWorkload;
import dev.chorus.gui.model.ClusterActions;
import dev.chorus.gui.model.Tick;
import dev.chorus.gui.vm.ClusterViewModel;
import dev.chorus.gui.vm.TimelineModel;
import dev.chorus.gui.vm.VerifyPanelModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The dashboard window's content. {@link #update} takes one poll and refreshes every part; it runs on the FX
 * thread and only touches controls (all I/O happened in the poller or happens in the {@link ActionRunner}).
 */
public final class DashboardView extends BorderPane {
    private final ClusterConfig cluster;
    private final BankWorkload workload;
    private final TopologyPane topology;
    private final GroupMatrixPane matrix;
    private final TimelinePane timeline = new TimelinePane();
    private final TransactionsPane transactions;
    private final ChartsPane charts = new ChartsPane();
    private final EventsPane events;
    private final TimelineModel timelineModel = new TimelineModel();
    private final Label pollHealth = new Label("waiting for the first poll…");
    private final Label bankTotal = new Label("bank: not running");
    private final Label bankCounts = new Label();
    private final ActionRunner runner;

    public DashboardView(ClusterConfig cluster, ClusterActions actions, BankWorkload workload, VerifyPanelModel verify,
                         ReportOpener reports) {
        this.cluster = cluster;
        this.workload = workload;
        Label status = new Label("ready");
        status.setId("action-status");
        this.runner = new ActionRunner(status);
        this.topology = new TopologyPane(cluster, actions, runner);
        this.matrix = new GroupMatrixPane(cluster, actions, runner);
        this.transactions = new TransactionsPane(cluster, actions, runner);
        this.events = new EventsPane(cluster);

        Label title = new Label("Chorus · " + cluster.name());
        title.getStyleClass().add("title");
        Button healAll = new Button("Heal all");
        healAll.setId("heal-all");
        healAll.getStyleClass().add("heal-all");
        healAll.setOnAction(e -> runner.run("heal all", actions::healAll));
        Spinner<Integer> clients = new Spinner<>(1, 64, 8);
        clients.setPrefWidth(80);
        clients.setId("bank-clients");
        Button start = new Button("Start transfers");
        start.setId("bank-start");
        start.setOnAction(e -> {
            int n = clients.getValue(); // controls are read on the FX thread, the action runs off it
            runner.run("start bank workload", () -> {
                workload.start(n);
                return "bank workload running with " + n + " clients";
            });
        });
        Button stop = new Button("Stop");
        stop.setId("bank-stop");
        stop.setOnAction(e -> runner.run("stop bank workload", () -> {
            workload.stop();
            return "bank workload stopped";
        }));
        bankTotal.setId("bank-total");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(10, title, healAll, new Separator(javafx.geometry.Orientation.VERTICAL),
                new Label("Bank"), clients, start, stop, bankTotal, bankCounts, spacer, pollHealth);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(8));

        TabPane tabs = new TabPane(new Tab("Timeline", timeline), new Tab("Transactions", scrolled(transactions)),
                new Tab("Throughput & latency", charts), new Tab("Events", events),
                new Tab("Verify", scrolled(new VerifyPane(verify, reports))));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("tabs");
        ScrollPane matrixScroll = new ScrollPane(matrix);
        matrixScroll.setFitToWidth(true);
        SplitPane center = new SplitPane(matrixScroll, tabs);
        center.setOrientation(javafx.geometry.Orientation.VERTICAL);
        center.setDividerPositions(0.5);
        ScrollPane left = new ScrollPane(topology);
        left.setFitToWidth(true);
        left.setMinWidth(385);
        HBox statusBar = new HBox(status);
        statusBar.setPadding(new Insets(4, 8, 4, 8));
        setTop(new VBox(toolbar, new Separator()));
        setLeft(left);
        setCenter(center);
        setBottom(statusBar);
    }

    private static ScrollPane scrolled(javafx.scene.Node content) {
        ScrollPane p = new ScrollPane(content);
        p.setFitToWidth(true);
        return p;
    }

    public void update(Tick tick) {
        ClusterStatus status = tick.status();
        List<ClusterViewModel.NodeCard> cards = ClusterViewModel.nodeCards(cluster, status, tick.processes());
        topology.update(cards, ClusterViewModel.links(cluster, status.faults()));
        matrix.update(ClusterViewModel.matrix(status), status.groups());
        timelineModel.onStatus(tick.atMs(), status);
        timelineModel.onNodeHealth(tick.atMs(), cards);
        timelineModel.onEvents(tick.newEvents());
        timeline.update(timelineModel, tick.atMs());
        transactions.update(tick.txns());
        transactions.updateSagas(tick.sagas());
        charts.update(tick.atMs(), status, tick.metrics());
        events.add(tick.newEvents());
        long up = status.nodes().stream().filter(ClusterStatus.NodeEntry::up).count();
        pollHealth.setText(up + "/" + status.nodes().size() + " nodes answering · updated " + java.time.LocalTime.now().withNano(0));
        bankTotal.setText("bank: " + workload.lastCheck());
        bankCounts.setText(workload.running() ? "committed " + workload.committed() + " · aborted " + workload.aborted() : "");
    }

    public void close() {
        runner.close();
    }
}
