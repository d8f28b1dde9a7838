package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.admin.AdminClient;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.process.ShiftableClocks;
import dev.chorus.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.chorus.e2e.Scripts.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Skewed clocks on real node processes: a cluster started with {@code --shiftable-clocks} runs its nodes under
 * libfaketime; {@code chorus node clock} moves one node's wall clock by an hour (the node itself reports it), the
 * cluster keeps serving writes and cross-group transactions, the offset survives a kill -9 and restart, and
 * {@code chorus verify} takes the clock fault on this cluster instead of leaving it out. Needs the Debian package
 * {@code faketime} ({@code .ci/run} installs it); skipped, saying so, without it.
 */
class ShiftableClockScriptsIT {
    private static final long HOUR_MS = 3_600_000;

    @Test
    void aNodeRunsAnHourAheadAndTheClusterStaysCorrect(@TempDir Path tmp) throws Exception {
        assumeTrue(ShiftableClocks.library().isPresent(), "libfaketime is not installed (apt-get install faketime): "
                + "the shiftable-clock test is skipped");
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        try {
            Scripts.Result started = Scripts.run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port",
                    String.valueOf(Scripts.freeBasePort()), "--shiftable-clocks");
            assertEquals(0, started.code(), started.out());
            ClusterConfig cluster = ClusterConfigLoader.load(dir.resolve("cluster.json"));
            AdminClient admin = new AdminClient(cluster);

            Scripts.Result shifted = chorus(d, "node", "clock", "n2", "+3600s");
            assertEquals(0, shifted.code(), shifted.out());
            assertEquals("n2 clock +3600000 ms from the true time", shifted.out().strip());
            awaitOffset(admin, cluster, "n2", HOUR_MS);
            assertTrue(Math.abs(offsetOf(admin, cluster, "n1")) < 5_000, "n1's clock is not moved");

            // The cluster still works with one node an hour ahead: a write, and a transaction over every group.
            assertEquals(0, chorus(d, "put", "apple", "red").code());
            Scripts.Result txn = chorus(d, "txn", "--put", "apple=green", "--put", "mango=yellow", "--put", "zebra=striped");
            assertEquals(0, txn.code(), txn.out());
            assertEquals("green", chorus(d, "get", "apple").out().strip());

            // A machine whose clock is wrong is still wrong after a crash: the restarted node keeps its offset.
            assertEquals(0, chorus(d, "node", "kill", "n2").code());
            assertEquals(0, chorus(d, "node", "start", "n2").code());
            awaitOffset(admin, cluster, "n2", HOUR_MS);
            assertEquals(0, chorus(d, "node", "clock", "n2", "0").code());
            awaitOffset(admin, cluster, "n2", 0);

            Scripts.Result bad = chorus(d, "node", "clock", "n2", "soon");
            assertEquals(2, bad.code(), bad.out());
            assertTrue(bad.out().contains("'soon' is not a clock offset"), bad.out());

            // The nemesis's clock fault is real here: it is not left out, and it moved clocks during the run.
            Path out = tmp.resolve("verify");
            Scripts.Result verify = chorus(d, "verify", "register", "--duration", "20s", "--interval", "4s",
                    "--clients", "3", "--nemesis", "clock", "--seed", "7", "--out", out.toString());
            assertEquals(0, verify.code(), verify.out());
            assertFalse(verify.out().contains("left out"), verify.out());
            String nemesis = Files.readString(out.resolve("nemesis.jsonl"));
            assertTrue(nemesis.contains("\"clock\""), nemesis);
            for (String node : new String[]{"n1", "n2", "n3"}) {
                awaitOffset(admin, cluster, node, 0); // heal-all set every clock back
            }
        } finally {
            Scripts.run(120, "scripts/stop-cluster.sh", "--dir", d);
        }
    }

    /** The node's wall clock minus ours, from its own {@code /status}. */
    private static long offsetOf(AdminClient admin, ClusterConfig cluster, String node) {
        long before = System.currentTimeMillis();
        JsonNode status = admin.send(cluster.node(node).orElseThrow(), "GET", "/status", null, Duration.ofSeconds(5));
        long after = System.currentTimeMillis();
        return status.path("node").path("clockMs").asLong() - (before + after) / 2;
    }

    private static void awaitOffset(AdminClient admin, ClusterConfig cluster, String node, long offsetMs) {
        // libfaketime rereads the offset file once a second; a few seconds of slack cover a busy machine.
        Await.until(node + "'s clock at " + offsetMs + " ms from ours", Duration.ofSeconds(30), () -> {
            try {
                return Math.abs(offsetOf(admin, cluster, node) - offsetMs) < 5_000;
            } catch (RuntimeException e) {
                return false; // not answering yet (restarting)
            }
        });
    }
}
