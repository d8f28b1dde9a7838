package dev.chorus.gui.vm;

import dev.chorus.gui.model.VerifyOutcome;
import dev.chorus.gui.model.VerifyRequest;
import dev.chorus.verify.checker.Anomaly;
import dev.chorus.verify.checker.CheckResult;
import dev.chorus.verify.checker.Counts;
import dev.chorus.verify.checker.Verdict;
import dev.chorus.verify.cli.Progress;
import dev.chorus.verify.cli.Workload;
import dev.chorus.verify.history.Recorder;
import dev.chorus.verify.report.Results;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a Verify run's request, progress, outcome and failure become what the panel shows. */
class VerifyStatusTest {

    @Test
    void startingSaysWhatRunsAndBlocksASecondStart() {
        VerifyStatus s = VerifyStatus.starting(new VerifyRequest(Workload.LIST_APPEND, List.of("kill", "partition"),
                Duration.ofSeconds(30), 5, Duration.ofSeconds(5)));
        assertTrue(s.phase().busy());
        assertEquals("starting list-append for 30 s with 5 clients and kill, partition", s.message());
    }

    @Test
    void progressShowsCountsAndFaultThenCheckingOnceFinished() {
        Recorder.Tally ops = new Recorder.Tally(12, 9, 1, 2);
        VerifyStatus running = VerifyStatus.of(new Progress(Duration.ofSeconds(3), ops, "isolate n2", false));
        assertEquals(List.of(VerifyStatus.Phase.RUNNING, 3L, 9L, 1L, 2L, "isolate n2"),
                List.of(running.phase(), running.elapsedSeconds(), running.ok(), running.fail(), running.info(), running.fault()));
        VerifyStatus checking = VerifyStatus.of(new Progress(Duration.ofSeconds(9), ops, "none", true));
        assertEquals(VerifyStatus.Phase.CHECKING, checking.phase());
        assertTrue(checking.phase().busy());
    }

    @Test
    void afterStopTheRunIsStoppingUntilCheckingAndOnlyRunningRunsCanBeStopped() {
        Recorder.Tally ops = new Recorder.Tally(12, 9, 1, 2);
        VerifyStatus stopping = VerifyStatus.of(new Progress(Duration.ofSeconds(3), ops, "heal-all", false), true);
        assertEquals(VerifyStatus.Phase.STOPPING, stopping.phase());
        assertTrue(stopping.phase().busy(), "no second run while the first heals");
        assertFalse(stopping.phase().stoppable());
        assertEquals(VerifyStatus.Phase.CHECKING, VerifyStatus.of(new Progress(Duration.ofSeconds(4), ops, "none", true), true).phase());
        assertEquals(List.of(true, true, false, false, false, false), List.of(VerifyStatus.Phase.STARTING.stoppable(),
                VerifyStatus.Phase.RUNNING.stoppable(), VerifyStatus.Phase.CHECKING.stoppable(),
                VerifyStatus.Phase.DONE.stoppable(), VerifyStatus.Phase.FAILED.stoppable(), VerifyStatus.Phase.IDLE.stoppable()));
    }

    @Test
    void anInvalidOutcomeShowsTheVerdictTheAnomaliesByNameAndTheReport() {
        Anomaly lost = new Anomaly("lost", "acknowledged add missing from the final read", List.of());
        CheckResult set = new CheckResult("set", Verdict.INVALID, new Counts(40, 2, 3), List.of(lost, lost), Map.of(), null);
        Path report = Path.of("/tmp/run/report.html");
        VerifyStatus done = VerifyStatus.finished(new VerifyOutcome(Results.of("set", "history.jsonl", 12, List.of(set)),
                report, List.of("chorus verify: fault 'pause' is not supported by this cluster; left out")), 20);
        assertEquals(List.of(VerifyStatus.Phase.DONE, "INVALID", 40L, 2L, 3L, report),
                List.of(done.phase(), done.verdict(), done.ok(), done.fail(), done.info(), done.report()));
        assertEquals("set: invalid, anomalies lost x2 · checked in 12 ms · chorus verify: fault 'pause' is not supported "
                + "by this cluster; left out", done.message());
        assertFalse(done.phase().busy());
    }

    @Test
    void aFailedRunKeepsTheCountsSoFarAndSaysWhy() {
        VerifyStatus running = VerifyStatus.of(new Progress(Duration.ofSeconds(4), new Recorder.Tally(7, 5, 0, 2), "none", false));
        VerifyStatus failed = running.failed(new java.util.concurrent.CompletionException(new IllegalStateException("no leader for g2")));
        assertEquals(List.of(VerifyStatus.Phase.FAILED, 5L, 2L, "run failed: no leader for g2"),
                List.of(failed.phase(), failed.ok(), failed.info(), failed.message()));
        assertFalse(failed.phase().busy());
    }
}
