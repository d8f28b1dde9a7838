package dev.chorus.verify.cli;

import dev.chorus.client.ChorusClient;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.verify.nemesis.ClusterControl;
import dev.chorus.verify.nemesis.Faults;
import dev.chorus.verify.nemesis.NemesisEvent;
import dev.chorus.verify.nemesis.NemesisLog;
import dev.chorus.verify.nemesis.NemesisSchedule;
import dev.chorus.verify.nemesis.TestClusterProcesses;
import dev.chorus.verify.report.Results;
import dev.chorus.verify.workload.ClientWorkload;
import dev.chorus.verify.workload.GroupSpread;
import dev.chorus.verify.workload.ListAppendWorkload;
import dev.chorus.verify.workload.RegisterWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI schedule (issue 13): {@code register} then {@code list-append}, 20 s each, against an in-JVM cluster of
 * three nodes and two groups, with the first faults an in-JVM cluster can take (no pause: SIGSTOP would stop the
 * test JVM; "kill" stops a node object) and one stack of two cheap network faults, so that stacking runs in CI too
 * (the later faults have their own tests, NewFaultsTest, rather than more of the CI budget). Both histories must
 * check valid. Longer schedules against real processes are README commands, not tests.
 */
class ShortNemesisScheduleTest {
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String FAULTS = "kill,isolate,isolate-leader,partition,delay,transfer,snapshot,clock,one-way+loss";

    @TempDir
    Path dir;

    @Test
    void registerAndListAppendStayValidUnderFaults() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, "m")) {
            cluster.awaitLeaders();
            ClusterControl control = new ClusterControl(cluster.config(), new TestClusterProcesses(cluster));
            ChorusClient kv = cluster.client();
            try (TxnClient txns = new TxnClient(cluster.config(), kv)) {
                run(Workload.REGISTER, new RegisterWorkload(kv, "verify/ci/register/k", 3), control, cluster);
                run(Workload.LIST_APPEND, new ListAppendWorkload(txns, new GroupSpread(cluster.config(), "verify/ci/append/"), 6),
                        control, cluster);
            }
        }
    }

    private void run(Workload workload, ClientWorkload clients, ClusterControl control, TestCluster cluster) throws Exception {
        Path results = dir.resolve(workload.cliName());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Results r = VerifyRun.run(new VerifyRun.Settings(workload, 4, RUN, Faults.parse(FAULTS), INTERVAL, 13),
                clients, control, results, new PrintWriter(out, true), new PrintWriter(err, true));
        List<NemesisEvent> events = NemesisLog.read(results.resolve(NemesisLog.FILE));
        System.out.println(out + "nemesis: " + events.stream().map(e -> e.fault() + " " + e.phase() + " " + e.detail()).toList());
        String context = out + "\n" + err + "\nnemesis: " + events + "\n" + cluster.describe();
        assertEquals("valid", r.verdict().json(), context);
        assertTrue(r.checkers().get(0).counts().ok() > 20, context);
        assertTrue(events.stream().anyMatch(e -> e.phase().equals(NemesisEvent.START) && !e.fault().equals(NemesisSchedule.HEAL_ALL)),
                "some fault was injected: " + context);
        NemesisEvent last = events.get(events.size() - 1);
        assertEquals(NemesisSchedule.HEAL_ALL, last.fault(), context);
        assertEquals(NemesisEvent.STOP, last.phase(), "the final heal succeeded: " + context);
        assertTrue(Files.readString(results.resolve("report.html")).contains("class=\"nemesis\""), "faults shaded in the report");
    }
}
