package dev.chorus.gui.view;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.gui.model.PromText;
import dev.chorus.gui.vm.LatencyTracker;
import dev.chorus.gui.vm.RateTracker;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Live throughput and latency from the nodes: Raft commits per second per group (from the leaders' commit
 * indexes), transactions per second, and p99 of the groups' apply batches and of transaction commits (from the
 * nodes' Prometheus histograms, over the last scrape interval). Two minutes of history.
 */
final class ChartsPane extends HBox {
    private static final int POINTS = 120;

    private final LineChart<Number, Number> rates = chart("per second");
    private final LineChart<Number, Number> latency = chart("p99 ms");
    private final Map<String, XYChart.Series<Number, Number>> series = new HashMap<>();
    private final RateTracker rateTracker = new RateTracker();
    private final LatencyTracker latencyTracker = new LatencyTracker();
    private final long startMs = System.currentTimeMillis();

    ChartsPane() {
        setPadding(new Insets(8));
        setSpacing(8);
        rates.setTitle("Throughput: Raft commits/s per group, transactions/s");
        latency.setTitle("Latency p99: apply batch per group, transaction commit");
        rates.setId("chart-rates");
        latency.setId("chart-latency");
        HBox.setHgrow(rates, Priority.ALWAYS);
        HBox.setHgrow(latency, Priority.ALWAYS);
        getChildren().addAll(rates, latency);
    }

    private static LineChart<Number, Number> chart(String yLabel) {
        NumberAxis x = new NumberAxis();
        x.setLabel("seconds");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(yLabel);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.setPrefHeight(260);
        return c;
    }

    private void add(LineChart<Number, Number> chart, String name, long atMs, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        XYChart.Series<Number, Number> s = series.computeIfAbsent(chart.getId() + name, k -> {
            XYChart.Series<Number, Number> n = new XYChart.Series<>();
            n.setName(name);
            chart.getData().add(n);
            return n;
        });
        s.getData().add(new XYChart.Data<>((atMs - startMs) / 1000.0, value));
        if (s.getData().size() > POINTS) {
            s.getData().remove(0, s.getData().size() - POINTS);
        }
    }

    void update(long atMs, ClusterStatus status, Map<String, List<PromText.Sample>> metrics) {
        for (ClusterStatus.GroupEntry g : status.groups()) {
            g.replicas().stream().filter(r -> r.node().equals(g.leader())).findFirst().ifPresent(leader ->
                    add(rates, g.id() + " commits/s", atMs, rateTracker.rate("commit/" + g.id() + "/" + g.leader(),
                            leader.committedIndex(), atMs)));
        }
        if (metrics.isEmpty()) {
            return;
        }
        double txns = 0;
        TreeMap<Double, Double> txnBuckets = new TreeMap<>();
        Map<String, TreeMap<Double, Double>> applyBuckets = new TreeMap<>();
        for (Map.Entry<String, List<PromText.Sample>> node : metrics.entrySet()) {
            for (PromText.Sample s : node.getValue()) {
                switch (s.name()) {
                    case "chorus_txn_total" -> txns += s.value();
                    case "chorus_txn_commit_seconds_bucket" -> txnBuckets.merge(le(s), s.value(), Double::sum);
                    case "chorus_apply_batch_seconds_bucket" -> {
                        if (isLeader(status, s.label("group"), node.getKey())) {
                            applyBuckets.computeIfAbsent(s.label("group"), k -> new TreeMap<>()).merge(le(s), s.value(), Double::sum);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        add(rates, "transactions/s", atMs, rateTracker.rate("txn", txns, atMs));
        add(latency, "txn commit", atMs, 1000 * latencyTracker.quantile("txn", txnBuckets, 0.99));
        applyBuckets.forEach((group, buckets) ->
                add(latency, group + " apply", atMs, 1000 * latencyTracker.quantile("apply/" + group, buckets, 0.99)));
    }

    private static boolean isLeader(ClusterStatus status, String group, String node) {
        return status.groups().stream().anyMatch(g -> g.id().equals(group) && node.equals(g.leader()));
    }

    private static double le(PromText.Sample s) {
        String le = s.label("le");
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
}
