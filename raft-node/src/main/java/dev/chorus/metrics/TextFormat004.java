package dev.chorus.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes metric snapshots of the 1.x Prometheus client in text format 0.0.4, laid out exactly as the 0.x client
 * ({@code simpleclient_common}'s {@code TextFormat.write004}) wrote them, which is what {@code GET /metrics} has always
 * served: a comma after the last label ({@code {group="g1",}}), every value as a Go float ({@code 3.0}, {@code +Inf}),
 * and each counter's and histogram's {@code _created} series as a gauge family at the end.
 *
 * <p>Why not the 1.x client's own {@code PrometheusTextFormatWriter}: it writes {@code {group="g1"}} and bucket counts
 * as integers. Both are valid 0.0.4, but scrapers that match series text (the dashboard, operators' scripts, our
 * tests) would see a different output from the same node. Only the kinds of metric a node registers are written
 * (counters, gauges, classic histograms); any other is refused so that it cannot vanish from the output unnoticed.
 */
public final class TextFormat004 {
    /** The {@code Content-Type} of a response in this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private TextFormat004() {
    }

    public static String write(MetricSnapshots snapshots) {
        StringBuilder out = new StringBuilder();
        // _created series follow all families, as gauges named NAME_created in name order (the 0.x layout).
        Map<String, Created> created = new TreeMap<>();
        for (MetricSnapshot snapshot : snapshots) {
            String name = snapshot.getMetadata().getPrometheusName();
            String help = snapshot.getMetadata().getHelp();
            if (snapshot instanceof CounterSnapshot counter) {
                header(out, name + "_total", help, "counter");
                for (CounterSnapshot.CounterDataPointSnapshot p : counter.getDataPoints()) {
                    sample(out, name + "_total", p.getLabels(), null, p.getValue());
                    created(created, name, help, p);
                }
            } else if (snapshot instanceof GaugeSnapshot gauge) {
                header(out, name, help, "gauge");
                for (GaugeSnapshot.GaugeDataPointSnapshot p : gauge.getDataPoints()) {
                    sample(out, name, p.getLabels(), null, p.getValue());
                }
            } else if (snapshot instanceof HistogramSnapshot histogram) {
                header(out, name, help, "histogram");
                for (HistogramSnapshot.HistogramDataPointSnapshot p : histogram.getDataPoints()) {
                    histogram(out, name, p);
                    created(created, name, help, p);
                }
            } else {
                throw new IllegalArgumentException("metric " + name + " is a " + snapshot.getClass().getSimpleName()
                        + ", which this writer does not know");
            }
        }
        created.forEach((name, family) -> {
            header(out, name, family.help, "gauge");
            family.samples.forEach(s -> sample(out, name, s.labels, null, s.seconds));
        });
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, HistogramSnapshot.HistogramDataPointSnapshot p) {
        ClassicHistogramBuckets buckets = p.getClassicBuckets();
        // The snapshot holds each bucket's own count; the format wants counts up to and including each bound.
        long cumulative = 0;
        for (int i = 0; i < buckets.size(); i++) {
            cumulative += buckets.getCount(i);
            sample(out, name + "_bucket", p.getLabels(), goFloat(buckets.getUpperBound(i)), cumulative);
        }
        sample(out, name + "_count", p.getLabels(), null, p.getCount());
        sample(out, name + "_sum", p.getLabels(), null, p.hasSum() ? p.getSum() : 0);
    }

    private static void created(Map<String, Created> created, String name, String help, DataPointSnapshot p) {
        if (p.hasCreatedTimestamp()) {
            created.computeIfAbsent(name + "_created", n -> new Created(help))
                    .samples.add(new CreatedSample(p.getLabels(), p.getCreatedTimestampMillis() / 1000.0));
        }
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ');
        escape(out, help == null ? "" : help, false);
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** One line; {@code le} (a histogram bucket's bound) goes after the other labels, as in 0.x. */
    private static void sample(StringBuilder out, String name, Labels labels, String le, double value) {
        out.append(name);
        if (!labels.isEmpty() || le != null) {
            out.append('{');
            for (int i = 0; i < labels.size(); i++) {
                label(out, labels.getPrometheusName(i), labels.getValue(i));
            }
            if (le != null) {
                label(out, "le", le);
            }
            out.append('}');
        }
        out.append(' ').append(goFloat(value)).append('\n');
    }

    private static void label(StringBuilder out, String name, String value) {
        out.append(name).append("=\"");
        escape(out, value, true);
        out.append("\",");
    }

    /** Help text escapes backslash and newline; label values also the double quote. */
    private static void escape(StringBuilder out, String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** A float as Go prints it (what Prometheus expects): {@code +Inf}, {@code -Inf}, {@code NaN}, else Java's form. */
    static String goFloat(double d) {
        if (d == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return Double.toString(d);
    }

    private record CreatedSample(Labels labels, double seconds) {
    }

    private static final class Created {
        final String help;
        final List<CreatedSample> samples = new ArrayList<>();

        Created(String help) {
            this.help = help;
        }
    }
}
