package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.client.ChorusClient;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.chorus.e2e.Scripts.chorus;
import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transaction reported ABORTED must never commit later. The coordinator's node pauses its own process (SIGSTOP,
 * the {@code pause-before-prepare} failpoint) right after accepting the client's commit; the client gives up on it,
 * finds no record, leaves an ABORTED tombstone and reports ABORTED; the cluster runs on until the resolvers have forgotten that tombstone (60 s of the group's time); then
 * the node resumes and its coordinator finally works on the commit it received a minute ago. Its prepares must be
 * refused (the transaction's deadline has passed), so nothing of the transaction ever appears.
 */
class PausedCoordinatorScriptsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCoordinatorResumedAfterItsTransactionWasReportedAbortedCannotCommitIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        try {
            assertEquals(0, Scripts.run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port",
                    String.valueOf(Scripts.freeBasePort())).code());
            // n1 is g1's preferred leader: a fresh CLI hands g1's transactions to it.
            assertEquals("n1", Scripts.leaderOf(d, "g1"));
            assertEquals(0, chorus(d, "failpoint", "set", "pause-before-prepare", "--node", "n1").code());

            Scripts.Result txn = chorus(d, "txn", "--put", "apple=late", "--put", "zebra=late");
            assertEquals(1, txn.code(), txn.out());
            assertTrue(txn.out().contains("ABORTED"), txn.out());
            // The client may give up before n1's coordinator reaches the failpoint (a busy machine): poll, bounded.
            Await.until("n1 stopped itself at the failpoint", Duration.ofSeconds(60),
                    () -> nodeList(d).contains("n1 paused"));

            try (ChorusClient client = new ChorusClient(ClusterConfigLoader.load(dir.resolve("cluster.json")))) {
                // The cluster keeps working (so the groups' time moves) until every record is forgotten.
                Await.until("the resolvers forgot the ABORTED tombstone", Duration.ofSeconds(150), () -> {
                    client.put(utf8("apple-tick"), utf8(String.valueOf(System.nanoTime())));
                    client.put(utf8("zebra-tick"), utf8(String.valueOf(System.nanoTime())));
                    return records(d) == 0;
                });
            }
            assertEquals(0, chorus(d, "node", "resume", "n1").code());
            // The resumed coordinator answers the commit it held: wait until it has finished with it.
            JsonNode outcome = Await.value("n1's coordinator finished the late commit", Duration.ofSeconds(60), () -> {
                for (JsonNode n : txns(d)) {
                    if (n.path("node").asText().equals("n1") && n.path("recent").size() > 0) {
                        return n.path("recent").get(0);
                    }
                }
                return null;
            });
            assertEquals("ABORTED", outcome.path("outcome").asText(), "the late commit: " + outcome);
            assertEquals(1, chorus(d, "get", "apple").code(), "apple was never written");
            assertEquals(1, chorus(d, "get", "zebra").code(), "zebra was never written");
            Await.until("no locks left", Duration.ofSeconds(30), () -> count(txns(d), "locks") == 0);
        } finally {
            chorus(d, "node", "resume", "n1");
            Scripts.run(60, "scripts/stop-cluster.sh", "--dir", d);
        }
    }

    private static JsonNode txns(String dir) {
        try {
            return JSON.readTree(chorus(dir, "txns", "--json").out());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int records(String dir) {
        return count(txns(dir), "records");
    }

    /** Entries of {@code field} over every node's {@code /txns} answer. */
    private static int count(JsonNode views, String field) {
        int n = 0;
        for (JsonNode v : views) {
            n += v.path(field).size();
        }
        return n;
    }

    private static String nodeList(String dir) {
        try {
            return chorus(dir, "node", "list").out();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
