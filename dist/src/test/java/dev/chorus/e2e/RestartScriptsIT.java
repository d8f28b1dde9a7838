package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.chorus.e2e.Scripts.chorus;
import static dev.chorus.e2e.Scripts.group;
import static dev.chorus.e2e.Scripts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restart safety with real node processes, through the scripts: the four commands that once lost a whole cluster
 * (a snapshot right after a leader change, then restarts), and a process that dies in the middle of saving or of
 * installing a snapshot (a failpoint halts it, as kill -9 would) comes back and catches up.
 */
class RestartScriptsIT {

    @Test
    void aSnapshotRightAfterALeaderChangeSurvivesRestartingEveryNode(@TempDir Path tmp) throws Exception {
        String d = tmp.resolve("cluster").toString();
        try {
            assertEquals(0, run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port", String.valueOf(Scripts.freeBasePort())).code());
            assertEquals(new Scripts.Result(0, "OK\n"), chorus(d, "put", "a", "1"));
            Scripts.Result transfer = chorus(d, "leader", "transfer", "g1", "n2");
            assertEquals(0, transfer.code(), transfer.out());
            Scripts.Result snapshot = chorus(d, "snapshot", "g1");
            assertEquals(0, snapshot.code(), snapshot.out());
            for (String n : new String[]{"n1", "n2", "n3"}) {
                Scripts.Result restart = chorus(d, "node", "restart", n);
                assertEquals(0, restart.code(), n + ": " + restart.out());
                assertEquals(new Scripts.Result(0, "1\n"), chorus(d, "get", "a"), "after restarting " + n);
            }
            Scripts.Result stop = run(60, "scripts/stop-cluster.sh", "--dir", d);
            assertEquals(0, stop.code(), stop.out());
            Scripts.Result start = run(180, "scripts/start-cluster.sh", "--dir", d);
            assertEquals(0, start.code(), start.out());
            assertEquals(new Scripts.Result(0, "1\n"), chorus(d, "get", "a"));
            assertEquals(new Scripts.Result(0, "OK\n"), chorus(d, "put", "b", "2"));
        } finally {
            run(60, "scripts/stop-cluster.sh", "--dir", d);
        }
    }

    /**
     * The restart matrix with real processes: a configuration entry after a leader transfer, one after removing a
     * replica, and a transaction's entries, each made through the CLI as the last entry of g1, then a snapshot of
     * every replica right at it, then the whole cluster stopped and started by the scripts. Every acknowledged
     * write reads back and every group elects a leader after each cycle.
     */
    @Test
    void everyKindOfLastEntrySnapshottedThenTheWholeClusterRestarted(@TempDir Path tmp) throws Exception {
        String d = tmp.resolve("cluster").toString();
        java.util.Map<String, String> written = new java.util.LinkedHashMap<>();
        try {
            assertEquals(0, run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port", String.valueOf(Scripts.freeBasePort())).code());
            // The kinds that once broke restarts, plus a transaction; RestartMatrixTest covers all of them in-JVM.
            assertEquals(0, chorus(d, "put", "apple", "data").code());
            written.put("apple", "data");
            java.util.List<java.util.List<String>> lastEntries = java.util.List.of(
                    java.util.List.of("leader", "transfer", "g1", "n3"),
                    java.util.List.of("member", "remove", "g1", "n2"),
                    java.util.List.of("txn", "--put", "apricot=txn", "--put", "zebra=txn"));
            for (java.util.List<String> entry : lastEntries) {
                Scripts.Result made = chorus(d, entry.toArray(String[]::new));
                assertEquals(0, made.code(), entry + ": " + made.out());
                if (entry.get(0).equals("txn")) {
                    written.put("apricot", "txn");
                    written.put("zebra", "txn");
                }
                Scripts.Result snapshot = chorus(d, "snapshot", "g1");
                assertEquals(0, snapshot.code(), entry + ": " + snapshot.out());
                Scripts.Result stop = run(60, "scripts/stop-cluster.sh", "--dir", d);
                assertEquals(0, stop.code(), stop.out());
                Scripts.Result start = run(180, "scripts/start-cluster.sh", "--dir", d);
                assertEquals(0, start.code(), "after " + entry + ": " + start.out());
                for (java.util.Map.Entry<String, String> w : written.entrySet()) {
                    assertEquals(new Scripts.Result(0, w.getValue() + "\n"), chorus(d, "get", w.getKey()), "after " + entry);
                }
            }
        } finally {
            run(60, "scripts/stop-cluster.sh", "--dir", d);
        }
    }

    @Test
    void aNodeThatDiesWhileSavingOrInstallingASnapshotComesBackAndCatchesUp(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        try {
            assertEquals(0, run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port", String.valueOf(Scripts.freeBasePort())).code());
            for (int i = 0; i < 20; i++) {
                assertEquals(0, chorus(d, "put", "a" + i, "v" + i).code());
            }

            // Saving: n2 halts right after its checkpoint, before jraft records the snapshot.
            assertEquals(0, chorus(d, "failpoint", "set", "snapshot-save-crash", "--node", "n2").code());
            chorus(d, "snapshot", "g1", "--node", "n2");
            awaitStopped(d, "n2");
            assertEquals(0, chorus(d, "put", "while-n2-down", "x").code());
            Scripts.Result n2 = chorus(d, "node", "start", "n2");
            assertEquals(0, n2.code(), n2.out());
            awaitCaughtUp(d, "n2");

            // Installing: n3 loses its disk, the leader compacts its log (two snapshots), and n3 halts half-way
            // through installing the snapshot, with its live store moved aside.
            assertEquals(0, chorus(d, "node", "stop", "n3").code());
            deleteRecursively(dir.resolve("data/n3"));
            assertEquals(0, chorus(d, "snapshot", "g1", "--node", Scripts.leaderOf(d, "g1")).code());
            assertEquals(0, chorus(d, "put", "between", "snapshots").code());
            assertEquals(0, chorus(d, "snapshot", "g1", "--node", Scripts.leaderOf(d, "g1")).code());
            ProcessBuilder crashingStart = new ProcessBuilder("scripts/chorus", "node", "start", "n3", "--dir=" + d)
                    .directory(Scripts.ROOT.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("crashing.out").toFile());
            crashingStart.environment().put("CHORUS_FAILPOINTS", "snapshot-install-crash");
            Process crashing = crashingStart.start();
            assertTrue(crashing.waitFor(120, TimeUnit.SECONDS));
            awaitStopped(d, "n3");
            String log = Files.readString(dir.resolve("logs/n3.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("snapshot-install-crash"), "n3 died at the install failpoint");
            Scripts.Result n3 = chorus(d, "node", "start", "n3");
            assertEquals(0, n3.code(), n3.out());
            awaitCaughtUp(d, "n3");
            assertTrue(chorus(d, "events").out().lines().anyMatch(l -> l.contains(" n3 ") && l.contains("SNAPSHOT_INSTALLED")),
                    "n3 caught up by installing the snapshot");
            assertEquals(new Scripts.Result(0, "v7\n"), chorus(d, "get", "a7"));
        } finally {
            run(60, "scripts/stop-cluster.sh", "--dir", d);
        }
    }

    private static void awaitStopped(String dir, String node) {
        Await.until(node + " is stopped", Duration.ofSeconds(60), () -> {
            try {
                return chorus(dir, "node", "list").out().lines().anyMatch(l -> l.startsWith(node + " stopped"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** {@code node}'s replica of g1 has applied everything the leader committed. */
    private static void awaitCaughtUp(String dir, String node) {
        Await.until(node + " caught up in g1", Duration.ofSeconds(60), () -> caughtUp(dir, node));
    }

    private static boolean caughtUp(String dir, String node) {
        JsonNode g = group(dir, "g1");
        long committed = -1;
        long applied = -2;
        for (JsonNode r : g.get("replicas")) {
            if (r.get("node").asText().equals(g.path("leader").asText())) {
                committed = r.get("committedIndex").asLong();
            }
            if (r.get("node").asText().equals(node)) {
                applied = r.get("appliedIndex").asLong();
            }
        }
        return committed > 0 && applied >= committed;
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
