package dev.chorus.gui.vm;

import java.util.HashMap;
import java.util.Map;

/** Per-second rates from monotonically increasing counters (a restarted node's counter starts again at zero). */
public final class RateTracker {
    private record Point(double value, long atMs) {
    }

    private final Map<String, Point> last = new HashMap<>();

    /** The rate of {@code key} since its previous value, or NaN on the first value or after a counter reset. */
    public double rate(String key, double value, long atMs) {
        Point prev = last.put(key, new Point(value, atMs));
        if (prev == null || atMs <= prev.atMs() || value < prev.value()) {
            return Double.NaN;
        }
        return (value - prev.value()) * 1000.0 / (atMs - prev.atMs());
    }
}
