package dev.chorus.verify.report;

import java.util.List;
import java.util.Locale;

/**
 * The frame every plot shares: an SVG of fixed size, time in seconds on x (from the run's first op), shaded
 * nemesis intervals behind the data, axes with ticks. Subclasses only map their y values.
 */
final class PlotFrame {
    static final int WIDTH = 900;
    static final int HEIGHT = 260;
    static final int LEFT = 60;
    static final int RIGHT = 20;
    static final int TOP = 20;
    static final int BOTTOM = 40;

    private final long originNanos;
    private final double seconds;
    private final StringBuilder svg = new StringBuilder();

    PlotFrame(long originNanos, long endNanos, String title, String yLabel, List<FaultInterval> faults) {
        this.originNanos = originNanos;
        this.seconds = Math.max(1e-3, (endNanos - originNanos) / 1e9);
        svg.append(String.format(Locale.ROOT, "<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>", WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title)));
        for (FaultInterval f : faults) {
            double x0 = x(f.startNanos());
            double x1 = Math.max(x0 + 1, x(f.endNanos()));
            svg.append(String.format(Locale.ROOT, "<rect class=\"nemesis\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"#f9a825\" fill-opacity=\"0.22\"><title>%s</title></rect>", x0, TOP, x1 - x0, HEIGHT - TOP - BOTTOM,
                    Html.escape(f.fault() + " " + (f.detail() == null ? "" : f.detail()))));
        }
        int plotBottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, plotBottom, WIDTH - RIGHT, plotBottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, TOP, LEFT, plotBottom));
        double step = niceStep(seconds / 8);
        for (double t = 0; t <= seconds + 1e-9; t += step) {
            double x = LEFT + t / seconds * (WIDTH - LEFT - RIGHT);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                    x, plotBottom, x, plotBottom + 4, x, plotBottom + 16, trim(t)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">time (s)</text>",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %d)\">%s</text>", (TOP + plotBottom) / 2, (TOP + plotBottom) / 2, Html.escape(yLabel)));
    }

    /** The x pixel of a monotonic time. */
    double x(long nanos) {
        return LEFT + (nanos - originNanos) / 1e9 / seconds * (WIDTH - LEFT - RIGHT);
    }

    /** The y pixel of a fraction of the plot's height (0 = bottom, 1 = top). */
    static double y(double fraction) {
        return HEIGHT - BOTTOM - Math.max(0, Math.min(1, fraction)) * (HEIGHT - TOP - BOTTOM);
    }

    void yTick(double fraction, String label) {
        double y = y(fraction);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                LEFT, y, WIDTH - RIGHT, y, LEFT - 4, y + 4, Html.escape(label)));
    }

    StringBuilder body() {
        return svg;
    }

    String finish(List<String> legend) {
        double x = LEFT + 10;
        for (String entry : legend) {
            String[] colorAndName = entry.split(" ", 2);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", x, TOP - 6, colorAndName[0], x + 7, TOP - 2,
                    Html.escape(colorAndName[1])));
            x += 14 + 7 * colorAndName[1].length();
        }
        return svg.append("</svg>").toString();
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
