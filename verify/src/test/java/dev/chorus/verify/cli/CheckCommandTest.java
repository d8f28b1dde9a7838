package dev.chorus.verify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.cli.ChorusCli;
import dev.chorus.verify.history.HistoryJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chorus verify check}: exit codes, summary and results.json, through the real CLI entry point. */
class CheckCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private static Run chorus(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChorusCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path history(String... lines) throws IOException {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String op(int index, String type, String f, String value, long invoke, long complete) {
        return "{\"index\":" + index + ",\"process\":" + index + ",\"type\":\"" + type + "\",\"f\":\"" + f
                + "\",\"key\":\"x\",\"value\":" + value + ",\"invoke\":" + invoke + ",\"complete\":" + complete + "}";
    }

    @Test
    void validHistoryExitsZeroAndWritesResults() throws IOException {
        Path file = history(op(0, "ok", "write", "1", 0, 10), op(1, "ok", "read", "1", 20, 30));
        Run run = chorus("verify", "check", file.toString(), "--workload", "register");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("verdict: VALID"), run.out());
        JsonNode results = HistoryJson.mapper().readTree(dir.resolve("results.json").toFile());
        assertEquals("valid", results.get("verdict").asText());
        assertEquals(2, results.get("checkers").get(0).get("counts").get("ok").asInt());
    }

    @Test
    void invalidHistoryExitsOneAndNamesTheAnomaly() throws IOException {
        Path file = history(op(0, "ok", "write", "1", 0, 10), op(1, "ok", "write", "2", 20, 30),
                op(2, "ok", "read", "1", 40, 50));
        Path out = dir.resolve("out");
        Run run = chorus("verify", "check", file.toString(), "--workload", "register", "--out", out.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.out().contains("nonlinearizable"), run.out());
        JsonNode anomaly = HistoryJson.mapper().readTree(out.resolve("results.json").toFile())
                .get("checkers").get(0).get("anomalies").get(0);
        assertEquals(2, anomaly.get("ops").get(0).get("index").asInt());
    }

    @Test
    void givingUpExitsTwo() throws IOException {
        Path file = history(op(0, "ok", "write", "1", 0, 100), op(1, "ok", "write", "2", 10, 50),
                op(2, "ok", "read", "2", 20, 60), op(3, "ok", "read", "1", 70, 120));
        Run run = chorus("verify", "check", file.toString(), "--workload", "register", "--state-budget", "1");
        assertEquals(2, run.code());
        assertTrue(run.out().contains("gave up"), run.out());
    }

    @Test
    void badInputExitsTwoWithOneLine() throws IOException {
        Path file = history("{\"process\":1,\"f\":\"write\",\"invoke\":0,\"complete\":1}");
        Run run = chorus("verify", "check", file.toString(), "--workload", "register");
        assertEquals(2, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("history.jsonl:1"), run.err());
        assertEquals(2, chorus("verify", "check", dir.resolve("absent.jsonl").toString(), "--workload", "set").code());
        assertEquals(2, chorus("verify", "check", file.toString(), "--workload", "nope").code());
    }
}
