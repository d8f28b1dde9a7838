package dev.chorus.verify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.cli.ChorusCli;
import dev.chorus.testing.TestCluster;
import dev.chorus.verify.history.HistoryJson;
import dev.chorus.verify.history.HistoryReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chorus verify register} against an in-JVM three-node cluster, no faults: the history must be linearizable. */
class RegisterCommandTest {
    @TempDir
    Path dir;

    @Test
    void healthyClusterRecordsALinearizableHistory() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, "m")) {
            cluster.awaitLeaders();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Path results = dir.resolve("run");
            int code = ChorusCli.run(new String[]{"verify", "register", "--cluster", cluster.clusterFile().toString(),
                    "--clients", "3", "--duration", "3s", "--out", results.toString()}, new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, out + "\n" + err);
            assertTrue(new HistoryReader().read(results.resolve("history.jsonl")).size() > 10, "the clients did run");
            JsonNode json = HistoryJson.mapper().readTree(results.resolve("results.json").toFile());
            assertEquals("valid", json.get("verdict").asText());
            assertTrue(json.get("checkers").get(0).get("counts").get("ok").asLong() > 10, json.toString());
        }
    }
}
