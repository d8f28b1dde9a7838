package dev.chorus.gui.vm;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recent-window quantiles from cumulative Prometheus histogram buckets: the difference between two scrapes gives
 * the histogram of what happened in between, and the quantile is read off its buckets (upper bound of the bucket
 * that holds it, as Prometheus' histogram_quantile does without interpolation).
 */
public final class LatencyTracker {
    private final Map<String, TreeMap<Double, Double>> last = new HashMap<>();

    /** {@code buckets}: upper bound (le) → cumulative count. Returns the quantile in seconds, or NaN when idle. */
    public double quantile(String key, TreeMap<Double, Double> buckets, double q) {
        TreeMap<Double, Double> prev = last.put(key, buckets);
        if (prev == null) {
            return Double.NaN;
        }
        TreeMap<Double, Double> delta = new TreeMap<>();
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
            double d = e.getValue() - prev.getOrDefault(e.getKey(), 0.0);
            if (d < 0) {
                return Double.NaN; // counter reset (node restarted)
            }
            delta.put(e.getKey(), d);
        }
        double total = delta.isEmpty() ? 0 : delta.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        for (Map.Entry<Double, Double> e : delta.entrySet()) {
            if (e.getValue() >= rank) {
                return e.getKey().isInfinite() ? delta.lowerKey(e.getKey()) : e.getKey();
            }
        }
        return Double.NaN;
    }
}
