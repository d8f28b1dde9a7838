package dev.chorus.txn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.cli.CliRun;
import dev.chorus.cli.ExitCodes;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chorus txn --json} and {@code chorus txns --json} print the documented JSON; the human output is unchanged. */
class TxnJsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(1, "m");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static CliRun chorus(String... args) {
        return CliRun.chorusOn(cluster.clusterFile(), args);
    }

    @Test
    void committedTransactionWithReads() throws Exception {
        assertEquals(new CliRun(ExitCodes.OK, "COMMITTED\n", ""), chorus("txn", "--put", "apple=red", "--put", "zebra=striped"));
        CliRun r = chorus("txn", "--read", "apple", "--read", "absent-key", "--put", "zebra=white", "--json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode result = JSON.readTree(r.out());
        assertEquals("{\"outcome\":\"COMMITTED\",\"reads\":[{\"key\":\"apple\",\"value\":\"red\"},"
                + "{\"key\":\"absent-key\",\"value\":null}],\"reason\":null}", result.toString());
        assertEquals(new CliRun(ExitCodes.OK, "apple=red\nabsent-key (absent)\nCOMMITTED\n", ""),
                chorus("txn", "--read", "apple", "--read", "absent-key"));
    }

    @Test
    void bankRunAndCheck() throws Exception {
        assertEquals(ExitCodes.OK, chorus("bank", "init", "--accounts", "4", "--balance", "10").code());
        CliRun run = chorus("bank", "run", "--clients", "1", "--duration", "1s", "--json");
        assertEquals(ExitCodes.OK, run.code(), run.err());
        JsonNode report = JSON.readTree(run.out());
        for (String field : new String[]{"clients", "durationSeconds", "transfers", "committed", "aborted", "unknown",
                "abortRatePercent", "throughputTxnPerSec", "latencyMs"}) {
            assertTrue(report.has(field), field + " in " + run.out());
        }
        assertTrue(report.get("latencyMs").has("p50") && report.get("latencyMs").has("p99"), run.out());
        CliRun check = chorus("bank", "check", "--json");
        assertEquals(ExitCodes.OK, check.code(), check.err());
        assertEquals("{\"total\":40,\"accounts\":4,\"expectedTotal\":40,\"negative\":[],\"ok\":true}", check.out().trim());
    }

    @Test
    void txnsListsEveryNodesView() throws Exception {
        CliRun r = chorus("txns", "--json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode views = JSON.readTree(r.out());
        assertTrue(views.isArray() && views.size() == 1, r.out());
    }
}
