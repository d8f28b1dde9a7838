package dev.chorus.verify.cli;

import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.verify.nemesis.ClusterControl;
import dev.chorus.verify.nemesis.Faults;
import dev.chorus.verify.nemesis.NemesisEvent;
import dev.chorus.verify.nemesis.NemesisLog;
import dev.chorus.verify.nemesis.NemesisSchedule;
import dev.chorus.verify.nemesis.TestClusterProcesses;
import dev.chorus.verify.report.Results;
import dev.chorus.verify.workload.RegisterWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A register run meant to last ten minutes, stopped while the nemesis holds a node killed: the run ends within
 * seconds with a verdict and a report, the killed node is running again (healed at the stop, long before its
 * interval was up), and the final heal succeeded.
 */
class StopRunTest {
    private static final Duration RUN = Duration.ofMinutes(10);
    /** Long, so a kill healed well within it can only have been healed by the stop. */
    private static final Duration INTERVAL = Duration.ofSeconds(8);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void stoppingEarlyHealsTheActiveFaultAndStillChecks() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, "m")) {
            cluster.awaitLeaders();
            ClusterControl control = new ClusterControl(cluster.config(), new TestClusterProcesses(cluster));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            StopSignal stop = new StopSignal();
            FaultWatch watch = new FaultWatch();
            Path results = dir.resolve("run");
            CompletableFuture<Results> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return VerifyRun.run(new VerifyRun.Settings(Workload.REGISTER, 3, RUN, Faults.parse("kill"), INTERVAL, 7),
                            new RegisterWorkload(cluster.client(), "verify/stop/k", 3), control, results,
                            new PrintWriter(out, true), new PrintWriter(err, true), watch, stop);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Await.until("a node killed by the nemesis", INTERVAL.multipliedBy(3),
                    () -> watch.fault.startsWith("kill") && cluster.runningNodes().size() == 2, () -> watch.fault);
            long stopped = System.nanoTime();
            stop.stop();
            Results r = run.get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - stopped) / 1_000_000;

            List<NemesisEvent> events = NemesisLog.read(results.resolve(NemesisLog.FILE));
            String context = out + "\n" + err + "\nnemesis: " + events + "\n" + cluster.describe();
            assertEquals(3, cluster.runningNodes().size(), "the killed node runs again: " + context);
            NemesisEvent killed = events.stream().filter(e -> e.fault().equals("kill") && e.phase().equals(NemesisEvent.START))
                    .findFirst().orElseThrow();
            NemesisEvent healed = events.stream().filter(e -> e.fault().equals("kill") && e.phase().equals(NemesisEvent.STOP))
                    .findFirst().orElseThrow(() -> new AssertionError("kill never healed: " + context));
            assertTrue(healed.time() - killed.time() < INTERVAL.toNanos(), "healed at the stop, not at the interval's end: " + context);
            NemesisEvent last = events.get(events.size() - 1);
            assertEquals(NemesisSchedule.HEAL_ALL + " " + NemesisEvent.STOP, last.fault() + " " + last.phase(), context);
            assertEquals("valid", r.verdict().json(), context);
            assertTrue(r.checkers().get(0).counts().ok() > 0, context);
            assertTrue(err.toString().contains("chorus verify: stopped after"), context);
            assertTrue(Files.exists(results.resolve(VerifyRun.REPORT_FILE)), "the report is written");
            assertTrue(tookMs < STOP_WAIT.toMillis(), "took " + tookMs + " ms after the stop");
        }
    }

    /** The nemesis's current fault as progress reports it, often. */
    private static final class FaultWatch implements ProgressListener {
        volatile String fault = "none";

        @Override
        public void onProgress(Progress progress) {
            fault = progress.fault();
        }

        @Override
        public Duration period() {
            return Duration.ofMillis(100);
        }
    }
}
