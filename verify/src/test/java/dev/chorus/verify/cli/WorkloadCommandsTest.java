package dev.chorus.verify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.cli.ChorusCli;
import dev.chorus.testing.TestCluster;
import dev.chorus.verify.history.HistoryJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chorus verify set|bank|list-append} against a healthy in-JVM cluster of two groups: valid verdicts. */
class WorkloadCommandsTest {
    @TempDir
    Path dir;

    @Test
    void eachWorkloadRecordsAValidHistoryOnAHealthyCluster() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, "m")) {
            cluster.awaitLeaders();
            for (String workload : new String[]{"set", "bank", "list-append"}) {
                Path results = dir.resolve(workload);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = ChorusCli.run(new String[]{"verify", workload, "--cluster", cluster.clusterFile().toString(),
                        "--clients", "3", "--duration", "3s", "--out", results.toString()}, new PrintWriter(out), new PrintWriter(err));
                assertEquals(0, code, workload + ":\n" + out + "\n" + err);
                JsonNode json = HistoryJson.mapper().readTree(results.resolve("results.json").toFile());
                assertEquals("valid", json.get("verdict").asText(), json.toString());
                assertTrue(json.get("checkers").get(0).get("counts").get("ok").asLong() > 5, json.toString());
                assertTrue(Files.readString(results.resolve("report.html")).contains("<svg"), "report written");
                assertTrue(Files.exists(results.resolve("nemesis.jsonl")), "nemesis log written, even with no faults");
            }
        }
    }
}
