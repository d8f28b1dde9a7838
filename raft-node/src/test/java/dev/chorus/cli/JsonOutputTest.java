package dev.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code --json} output is one JSON document (or, for events, one per line) with the fields README documents;
 * against a real cluster.
 */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, "m");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static CliRun chorus(String... args) {
        return CliRun.chorusOn(cluster.clusterFile(), args);
    }

    /** Runs {@code chorus ARGS --cluster FILE}, expects exit 0 and nothing on stderr, and parses stdout. */
    private static JsonNode json(String... args) {
        CliRun r = chorus(args);
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("", r.err());
        return parse(r.out());
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static void assertFields(JsonNode node, String... fields) {
        assertEquals(Set.of(fields), Set.copyOf(fieldNames(node)), node.toString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void getAndScan() {
        assertEquals(0, chorus("put", "json-a", "1").code());
        assertEquals(0, chorus("put", "json-b", "two words").code());
        JsonNode get = json("get", "json-b", "--json");
        assertFields(get, "key", "value");
        assertEquals("two words", get.get("value").asText());
        JsonNode scan = json("scan", "--prefix", "json-", "--json");
        assertTrue(scan.isArray());
        assertEquals(2, scan.size());
        assertFields(scan.get(0), "key", "value");
        assertEquals("json-a", scan.get(0).get("key").asText());
        assertEquals("[]", json("scan", "--prefix", "no-such-prefix", "--json").toString());
    }

    @Test
    void getOfAMissingKeyKeepsItsErrorAndExitCode() {
        CliRun missing = chorus("get", "json-missing", "--json");
        assertEquals(new CliRun(ExitCodes.FAILED, "", "not found\n"), missing);
    }

    @Test
    void status() {
        JsonNode status = json("status", "--json");
        assertTrue(status.has("nodes") && status.has("groups"), status.toString());
        assertEquals(3, status.get("nodes").size());
        assertTrue(status.get("groups").get(0).has("replicas"));
    }

    @Test
    void faultList() {
        assertEquals("[]", json("fault", "list", "--json").toString());
        try {
            assertEquals(0, chorus("fault", "delay", "n1", "n2", "--ms", "1").code());
            JsonNode faults = json("fault", "list", "--json");
            assertTrue(faults.size() >= 1, faults.toString());
            assertFields(faults.get(0), "from", "to", "cut", "delayMs", "jitterMs", "dropRate");
            assertEquals(1, faults.get(0).get("delayMs").asLong());
        } finally {
            chorus("fault", "heal");
        }
    }

    @Test
    void eventsAreJsonLines() {
        CliRun r = chorus("events", "--json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        List<JsonNode> events = r.out().lines().map(JsonOutputTest::parse).toList();
        assertTrue(events.stream().anyMatch(e -> e.get("type").asText().equals("NODE_STARTED")), r.out());
        for (JsonNode e : events) {
            // As the admin API serves them: "group" only on events of one group.
            List<String> fields = fieldNames(e);
            assertTrue(fields.containsAll(List.of("seq", "timestampMs", "node", "type")), e.toString());
            assertTrue(Set.of("seq", "timestampMs", "node", "group", "type", "details").containsAll(fields), e.toString());
        }
        assertTrue(events.stream().anyMatch(e -> e.has("group")), "some events are of a group");
    }

    @Test
    void nodeListOfAClusterWithoutLocalProcesses() {
        JsonNode nodes = json("node", "list", "--json");
        assertEquals(3, nodes.size());
        assertFields(nodes.get(0), "node", "state", "pid", "exit");
        assertEquals("STOPPED", nodes.get(0).get("state").asText());
    }

    @Test
    void bench() {
        JsonNode bench = json("bench", "--json", "--duration", "1s", "--warmup", "0s", "--clients", "2", "--keys", "10");
        assertFields(bench, "workload", "clients", "durationSeconds", "valueSize", "keys", "ops", "errors",
                "throughputOpsPerSec", "latencyMs");
        assertFields(bench.get("latencyMs"), "p50", "p99", "p999", "max");
        assertTrue(bench.get("ops").asLong() > 0, bench.toString());
    }

    @Test
    void leadersNodeIdsAndSnapshots() {
        JsonNode leaders = json("await-leaders", "--json");
        assertEquals(2, leaders.size());
        assertFields(leaders.get(0), "group", "leader", "term");
        String g1Leader = leaders.get(0).get("leader").asText();
        // A transfer to the node that already leads answers at once.
        JsonNode transfer = json("leader", "transfer", "g1", g1Leader, "--json");
        assertFields(transfer, "group", "leader", "term");
        assertEquals(g1Leader, transfer.get("leader").asText());
        assertEquals("[\"n1\",\"n2\",\"n3\"]", json("node-ids", "--json").toString());
        JsonNode snapshots = json("snapshot", "g2", "--node", "n1", "--json");
        assertEquals(1, snapshots.size());
        assertFields(snapshots.get(0), "node", "result", "appliedIndex", "error");
    }

    @Test
    void membershipChangeSchema() {
        // A real change takes a replica through catch-up (MembershipTest covers that): the schema is checked here.
        StringWriter out = new StringWriter();
        JsonOption.print(new PrintWriter(out, true), new MemberCommands.Change("g1", "n3", "added", "learner"));
        JsonNode change = parse(out.toString());
        assertFields(change, "group", "node", "change", "role");
        assertEquals("learner", change.get("role").asText());
    }
}
