package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.chorus.e2e.Scripts.chorus;
import static dev.chorus.e2e.Scripts.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control plane from the CLI against a cluster started by start-cluster.sh: leader transfer, replica removal,
 * snapshot, learner add (catching up by snapshot) and promotion, isolating a leader, heal, and the event stream.
 */
class ControlPlaneScriptsIT {

    private static String roleOf(String dir, String groupId, String node) {
        for (JsonNode r : group(dir, groupId).get("replicas")) {
            if (r.get("node").asText().equals(node)) {
                return r.get("role").asText() + "/" + r.path("lag").asText();
            }
        }
        return "absent";
    }

    @Test
    void membershipLeaderTransferAndIsolationFromTheCli(@TempDir Path tmp) throws Exception {
        String d = tmp.resolve("cluster").toString();
        try {
            assertEquals(0, Scripts.run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port",
                    String.valueOf(Scripts.freeBasePort())).code());
            assertEquals(new Scripts.Result(0, "OK\n"), chorus(d, "put", "apple", "1"));

            Scripts.Result transfer = chorus(d, "leader", "transfer", "g1", "n2");
            assertEquals(0, transfer.code(), transfer.out());
            assertTrue(transfer.out().startsWith("g1 leader n2"), transfer.out());

            assertEquals(new Scripts.Result(0, "g1: n3 removed\n"), chorus(d, "member", "remove", "g1", "n3"));
            assertEquals("absent", roleOf(d, "g1", "n3"));
            for (int i = 0; i < 20; i++) {
                assertEquals(0, chorus(d, "put", "a-while-removed-" + i, "x").code());
            }
            assertEquals(0, chorus(d, "snapshot", "g1").code());
            assertEquals(0, chorus(d, "put", "between", "snapshots").code());
            assertEquals(0, chorus(d, "snapshot", "g1").code());

            assertEquals(new Scripts.Result(0, "g1: n3 added as learner\n"), chorus(d, "member", "add", "g1", "n3", "--learner"));
            Await.until("n3 is a caught-up learner of g1", Duration.ofSeconds(60), () -> roleOf(d, "g1", "n3").equals("LEARNER/0"));
            assertEquals(new Scripts.Result(0, "g1: n3 promoted to voter\n"), chorus(d, "member", "promote", "g1", "n3"));
            Await.until("n3 is a voter of g1", Duration.ofSeconds(60), () -> roleOf(d, "g1", "n3").equals("FOLLOWER/0"));
            assertTrue(chorus(d, "events").out().contains("MEMBERSHIP_CHANGED"));

            // Isolate g1's leader: the others elect a new one and keep taking writes; heal, and all converge.
            String leader = group(d, "g1").get("leader").asText();
            assertEquals(0, chorus(d, "fault", "isolate", leader).code());
            long isolatedAt = System.nanoTime();
            Await.until("a write to g1 succeeds without " + leader, Duration.ofSeconds(60),
                    () -> {
                        try {
                            return chorus(d, "put", "apple", "during-isolation").code() == 0;
                        } catch (Exception e) {
                            return false;
                        }
                    });
            System.out.println("isolated " + leader + "; a write to g1 committed by the new leader after "
                    + (System.nanoTime() - isolatedAt) / 1_000_000 + " ms (CLI process start included)");
            assertNotEquals(leader, group(d, "g1").get("leader").asText());
            assertTrue(chorus(d, "fault", "list").out().contains(leader + "->"));
            assertEquals(0, chorus(d, "fault", "heal").code());
            assertEquals(new Scripts.Result(0, ""), chorus(d, "fault", "list"));
            Await.until("every replica of g1 caught up", Duration.ofSeconds(60), () -> {
                for (JsonNode r : group(d, "g1").get("replicas")) {
                    if (r.path("lag").asLong(-1) != 0) {
                        return false;
                    }
                }
                return group(d, "g1").get("replicas").size() == 3;
            });
            assertEquals(new Scripts.Result(0, "during-isolation\n"), chorus(d, "get", "apple"));
        } finally {
            Scripts.run(60, "scripts/stop-cluster.sh", "--dir", d);
        }
    }
}
