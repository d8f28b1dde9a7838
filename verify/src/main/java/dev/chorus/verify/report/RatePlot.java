package dev.chorus.verify.report;

import dev.chorus.verify.history.Op;

import java.util.List;
import java.util.Locale;

/** Throughput over time (as Jepsen's rate plot): completed ops per second by outcome, one line each. */
final class RatePlot {
    private RatePlot() {
    }

    static String render(List<Op> ops, long origin, long end, List<FaultInterval> faults) {
        PlotFrame frame = new PlotFrame(origin, end, "throughput", "ops/s", faults);
        int buckets = (int) Math.max(1, Math.ceil((end - origin) / 1e9));
        Op.Type[] types = {Op.Type.OK, Op.Type.FAIL, Op.Type.INFO};
        long[][] counts = new long[types.length][buckets];
        for (Op op : ops) {
            int bucket = (int) Math.min(buckets - 1, Math.max(0, (op.completeNanos() - origin) / 1_000_000_000L));
            int type = op.ok() ? 0 : op.failed() ? 1 : 2;
            counts[type][bucket]++;
        }
        long max = 1;
        for (long[] row : counts) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        double step = PlotFrame.niceStep(max / 4.0);
        for (double v = 0; v <= max; v += step) {
            frame.yTick(v / max, PlotFrame.trim(v));
        }
        StringBuilder svg = frame.body();
        for (int t = 0; t < types.length; t++) {
            StringBuilder points = new StringBuilder();
            for (int b = 0; b < buckets; b++) {
                long mid = origin + b * 1_000_000_000L + 500_000_000L;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", frame.x(mid), PlotFrame.y((double) counts[t][b] / max)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline class=\"rate-%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>",
                    types[t].json(), OpColors.of(types[t]), points.toString().trim()));
        }
        return frame.finish(List.of(OpColors.of(Op.Type.OK) + " ok", OpColors.of(Op.Type.FAIL) + " fail",
                OpColors.of(Op.Type.INFO) + " info"));
    }
}
