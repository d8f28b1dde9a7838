package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.client.ChorusClient;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.chorus.e2e.Scripts.freeBasePort;
import static dev.chorus.e2e.Scripts.run;
import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through the scripts, with real node processes: start-cluster.sh, CLI put/get, kill -9 of a leader
 * node, reads and writes continue, stop-cluster.sh leaves no process behind. Runs after packaging (failsafe),
 * against the jar the build just made.
 */
class LocalClusterScriptsIT {
    @Test
    void killingALeaderProcessLosesNothingAndStopLeavesNoProcess(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        int base = freeBasePort();
        List<Long> pids = new ArrayList<>();
        try {
            Scripts.Result start = run(180, "scripts/start-cluster.sh", "--dir", dir.toString(), "--base-port", String.valueOf(base));
            assertEquals(0, start.code(), start.out());
            for (String n : List.of("n1", "n2", "n3")) {
                pids.add(Scripts.pidOf(dir, n));
            }
            assertEquals(new Scripts.Result(0, "OK\n"), run(60, "scripts/chorus", "put", "--dir", dir.toString(), "alpha", "one"));
            assertEquals(new Scripts.Result(0, "one\n"), run(60, "scripts/chorus", "get", "--dir", dir.toString(), "alpha"));

            JsonNode status = new ObjectMapper().readTree(run(60, "scripts/chorus", "status", "--dir", dir.toString(), "--json").out());
            String leader = status.get("groups").get(0).get("leader").asText();
            long leaderPid = Scripts.pidOf(dir, leader);
            try (ChorusClient client = new ChorusClient(ClusterConfigLoader.load(dir.resolve("cluster.json")))) {
                client.put(utf8("alpha-2"), utf8("warm"));
                assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(leaderPid)).start().waitFor());
                long killedAt = System.nanoTime();
                client.put(utf8("alpha-3"), utf8("after kill"));
                long firstWriteMs = (System.nanoTime() - killedAt) / 1_000_000;
                System.out.println("leader " + leader + " of g1 killed; first successful write to g1 after " + firstWriteMs + " ms");
            }

            Scripts.Result write = run(60, "scripts/chorus", "put", "--dir", dir.toString(), "after", "kill");
            assertEquals(new Scripts.Result(0, "OK\n"), write);
            assertEquals(new Scripts.Result(0, "one\n"), run(60, "scripts/chorus", "get", "--dir", dir.toString(), "alpha"));
            assertEquals(new Scripts.Result(0, "kill\n"), run(60, "scripts/chorus", "get", "--dir", dir.toString(), "after"));
            assertEquals(new Scripts.Result(0, "after kill\n"), run(60, "scripts/chorus", "get", "--dir", dir.toString(), "alpha-3"));
            JsonNode after = new ObjectMapper().readTree(run(60, "scripts/chorus", "status", "--dir", dir.toString(), "--json").out());
            assertNotEquals(leader, after.get("groups").get(0).get("leader").asText());

            Scripts.Result stop = run(60, "scripts/stop-cluster.sh", "--dir", dir.toString());
            assertEquals(0, stop.code(), stop.out());
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is gone");
            }
            assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".pid")), "pid files removed");
        } finally {
            run(60, "scripts/stop-cluster.sh", "--dir", dir.toString());
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void pausedLeaderLosesLeadershipAndCatchesUpWhenResumed(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        try {
            assertEquals(0, run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port", String.valueOf(freeBasePort())).code());
            String leader = Scripts.leaderOf(d, "g1");
            assertEquals(new Scripts.Result(0, leader + " paused (pid " + Scripts.pidOf(dir, leader) + ")\n"),
                    run(60, "scripts/chorus", "node", "pause", "--dir", d, leader));
            assertEquals(new Scripts.Result(0, "OK\n"), run(60, "scripts/chorus", "put", "--dir", d, "apple", "during-pause"));
            String successor = Scripts.leaderOf(d, "g1");
            assertNotEquals(leader, successor, "a paused leader loses leadership");
            assertEquals(0, run(60, "scripts/chorus", "node", "resume", "--dir", d, leader).code());
            assertTrue(run(60, "scripts/chorus", "node", "list", "--dir", d).out().contains(leader + " running"));
            JsonNode replica = Await.value(leader + " back as a caught-up follower", Duration.ofSeconds(30), () -> {
                for (JsonNode r : Scripts.group(d, "g1").get("replicas")) {
                    if (r.get("node").asText().equals(leader) && r.get("role").asText().equals("FOLLOWER") && r.get("lag").asLong() == 0) {
                        return r;
                    }
                }
                return null;
            });
            assertEquals("FOLLOWER", replica.get("role").asText(), "the resumed old leader steps down: " + replica);
            assertEquals(0, replica.get("lag").asLong(), "and catches up: " + replica);

            assertEquals(new Scripts.Result(0, successor + " stopped\n"), run(60, "scripts/chorus", "node", "kill", "--dir", d, successor));
            assertEquals(new Scripts.Result(0, "during-pause\n"), run(60, "scripts/chorus", "get", "--dir", d, "apple"));
            Scripts.Result restarted = run(90, "scripts/chorus", "node", "start", "--dir", d, successor);
            assertEquals(0, restarted.code(), restarted.out());
            assertTrue(restarted.out().startsWith(successor + " running"), restarted.out());
        } finally {
            run(60, "scripts/stop-cluster.sh", "--dir", d);
        }
    }
}
