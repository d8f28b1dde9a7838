package dev.chorus.verify.report;

import dev.chorus.verify.history.Op;

import java.util.List;
import java.util.Locale;

/**
 * Latency over time of one function (as Jepsen's latency-raw plot): one point per op at its invocation time, its
 * latency on a log scale, colored by outcome. Info ops show how long the client waited before giving up.
 */
final class LatencyPlot {
    /** Beyond this many ok points per plot only every n-th is drawn; fail and info points are always drawn. */
    private static final int MAX_OK_POINTS = 8_000;
    private static final double MIN_MS = 0.1;

    private LatencyPlot() {
    }

    static String render(String f, List<Op> ops, long origin, long end, List<FaultInterval> faults) {
        PlotFrame frame = new PlotFrame(origin, end, "latency of " + f, "latency (ms, log)", faults);
        double maxMs = Math.max(10, ops.stream().mapToDouble(LatencyPlot::latencyMs).max().orElse(10));
        double decades = Math.log10(maxMs / MIN_MS);
        for (double ms = MIN_MS; ms <= maxMs * 1.0001; ms *= 10) {
            frame.yTick(Math.log10(ms / MIN_MS) / decades, PlotFrame.trim(ms));
        }
        long okCount = ops.stream().filter(Op::ok).count();
        long stride = Math.max(1, okCount / MAX_OK_POINTS);
        long okSeen = 0;
        StringBuilder svg = frame.body();
        for (Op op : ops) {
            if (op.ok() && okSeen++ % stride != 0) {
                continue;
            }
            double fraction = Math.log10(Math.max(MIN_MS, latencyMs(op)) / MIN_MS) / decades;
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"%s\" fill-opacity=\"0.7\"/>",
                    frame.x(op.invokeNanos()), PlotFrame.y(fraction), OpColors.of(op.type())));
        }
        return frame.finish(List.of(OpColors.of(Op.Type.OK) + " ok", OpColors.of(Op.Type.FAIL) + " fail",
                OpColors.of(Op.Type.INFO) + " info"));
    }

    private static double latencyMs(Op op) {
        return (op.completeNanos() - op.invokeNanos()) / 1e6;
    }
}
