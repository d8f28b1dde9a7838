package dev.chorus.gui.vm;

import dev.chorus.gui.model.VerifyOutcome;
import dev.chorus.gui.model.VerifyRequest;
import dev.chorus.verify.checker.Anomaly;
import dev.chorus.verify.checker.CheckResult;
import dev.chorus.verify.checker.Counts;
import dev.chorus.verify.cli.Progress;
import dev.chorus.verify.report.Results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the Verify panel shows at one moment: the run's phase, its op counts by outcome, the nemesis's current fault
 * and, once checked, the verdict and the report.
 *
 * @param verdict VALID, INVALID or UNKNOWN once checked; empty before
 * @param report  the run's report.html once written; else null
 * @param message one line about the run: what started, what the checker found, or why the run failed
 */
public record VerifyStatus(Phase phase, long elapsedSeconds, long ok, long fail, long info, String fault, String verdict,
                           Path report, String message) {

    public enum Phase {
        IDLE, STARTING, RUNNING, STOPPING, CHECKING, DONE, FAILED;

        /** A run is under way: no second one may start. */
        public boolean busy() {
            return this == STARTING || this == RUNNING || this == STOPPING || this == CHECKING;
        }

        /** The clients still run, so Stop would end the run sooner; once checking, there is nothing left to cut. */
        public boolean stoppable() {
            return this == STARTING || this == RUNNING;
        }
    }

    public static VerifyStatus idle() {
        return new VerifyStatus(Phase.IDLE, 0, 0, 0, 0, "none", "", null, "no run yet");
    }

    public static VerifyStatus starting(VerifyRequest r) {
        String faults = r.faults().isEmpty() ? "no faults" : String.join(", ", r.faults());
        return new VerifyStatus(Phase.STARTING, 0, 0, 0, 0, "none", "", null, "starting " + r.workload().cliName() + " for "
                + r.duration().toSeconds() + " s with " + r.clients() + " clients and " + faults);
    }

    public static VerifyStatus of(Progress p) {
        return of(p, false);
    }

    /** @param stopping Stop was pressed: until only the check is left, the clients are ending and the nemesis healing */
    public static VerifyStatus of(Progress p, boolean stopping) {
        Phase phase = p.finished() ? Phase.CHECKING : stopping ? Phase.STOPPING : Phase.RUNNING;
        String message = switch (phase) {
            case CHECKING -> "clients done, cluster healed: checking the history";
            case STOPPING -> "stopping: clients finish their last ops, the nemesis heals every fault";
            default -> "running";
        };
        return new VerifyStatus(phase, p.elapsed().toSeconds(), p.ops().ok(), p.ops().fail(), p.ops().info(), p.fault(),
                "", null, message);
    }

    public static VerifyStatus finished(VerifyOutcome outcome, long elapsedSeconds) {
        Results r = outcome.results();
        Counts counts = r.checkers().isEmpty() ? new Counts(0, 0, 0) : r.checkers().get(0).counts();
        List<String> lines = new ArrayList<>();
        for (CheckResult c : r.checkers()) {
            lines.add(c.checker() + ": " + c.verdict().json() + (c.reason() != null ? " (gave up: " + c.reason() + ")" : "")
                    + (c.anomalies().isEmpty() ? "" : ", anomalies " + byName(c.anomalies())));
        }
        lines.add("checked in " + r.checkMillis() + " ms");
        lines.addAll(outcome.warnings());
        return new VerifyStatus(Phase.DONE, elapsedSeconds, counts.ok(), counts.fail(), counts.info(), "none",
                r.verdict().json().toUpperCase(Locale.ROOT), outcome.report(), String.join(" · ", lines));
    }

    /** The run could not finish (e.g. the cluster was unreachable at set-up): counts so far stay, the cause shows. */
    public VerifyStatus failed(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        String text = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return new VerifyStatus(Phase.FAILED, elapsedSeconds, ok, fail, info, "none", "", null, "run failed: " + text);
    }

    private static String byName(List<Anomaly> anomalies) {
        return anomalies.stream().collect(Collectors.groupingBy(Anomaly::name, java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }
}
