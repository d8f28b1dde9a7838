package dev.chorus.txn.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.admin.AdminServer;
import dev.chorus.client.ChorusClient;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.saga.SagaLog;
import dev.chorus.txn.saga.SagaState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /sagas} (and {@code /tcc}, through the same reader) answers within a byte and count budget, marking the
 * listing truncated when records were left out, instead of reading every record whole.
 */
class LedRecordsTest {
    /** Five saga logs of about 900 KB each: 4.5 MB, more than one listing may read. */
    private static final int SAGAS = 5;
    private static TestCluster cluster;

    @BeforeAll
    static void writeLargeSagaLogs() throws Exception {
        cluster = TestCluster.start(1);
        ChorusClient kv = cluster.client();
        String pad = "x".repeat(900_000);
        for (int i = 0; i < SAGAS; i++) {
            SagaLog log = new SagaLog("saga-" + i, "big", SagaState.RUNNING, List.of(), Map.of("pad", pad), null, "owner",
                    0, 0, i);
            kv.put(SagaLog.key(log.id()), log.encode());
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void aListingWithinItsBudgetsIsWhole() {
        LedRecords.Listing<SagaLog> all = read(LedRecords.MAX_LISTED, 64L << 20);
        assertEquals(SAGAS, all.records().size());
        assertFalse(all.truncated());
    }

    @Test
    void theByteBudgetCutsTheListingAndSaysSo() {
        LedRecords.Listing<SagaLog> cut = read(LedRecords.MAX_LISTED, 2L << 20);
        assertTrue(cut.truncated());
        assertTrue(!cut.records().isEmpty() && cut.records().size() <= 3, cut.records().size() + " listed");
    }

    @Test
    void theCountBudgetCutsTheListingAndSaysSo() {
        LedRecords.Listing<SagaLog> cut = read(2, 64L << 20);
        assertTrue(cut.truncated());
        assertEquals(2, cut.records().size());
    }

    @Test
    void getSagasAnswersATruncatedPageOfBoundedSize() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + cluster.config().node("n1").orElseThrow().adminAddress() + "/sagas")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().length() <= LedRecords.MAX_BYTES + (1 << 20), answer.body().length() + " characters");
        JsonNode body = AdminServer.JSON.readTree(answer.body());
        assertTrue(body.get("truncated").asBoolean(), "4.5 MB of saga logs do not fit one listing");
        assertTrue(body.get("sagas").size() < SAGAS && body.get("sagas").size() > 0, body.get("sagas").size() + " listed");
    }

    private static LedRecords.Listing<SagaLog> read(int maxListed, long maxBytes) {
        return LedRecords.read(cluster.node("n1").replicas(), SagaLog.KEY_PREFIX, SagaLog::decode, SagaLog.LISTING_ORDER,
                maxListed, maxBytes);
    }
}
