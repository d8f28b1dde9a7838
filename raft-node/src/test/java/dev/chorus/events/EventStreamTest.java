package dev.chorus.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.cli.ChorusCli;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /events} (recent and streamed) and {@code chorus events} against a real cluster. */
class EventStreamTest {
    private static TestCluster cluster;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(3);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static String admin(String node) {
        return "http://" + cluster.config().node(node).orElseThrow().adminAddress();
    }

    @Test
    void recentEventsNameTheElectedLeaderAndItsTerm() throws Exception {
        String leader = cluster.awaitLeader("g1");
        JsonNode events = Await.value("a LEADER_ELECTED event on " + leader, TestCluster.WAIT, () -> {
            try {
                JsonNode all = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(admin(leader) + "/events?follow=false")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode e : all) {
                    if ("LEADER_ELECTED".equals(e.get("type").asText()) && "g1".equals(e.get("group").asText())) {
                        return all;
                    }
                }
                return null;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals("NODE_STARTED", events.get(0).get("type").asText());
        for (JsonNode e : events) {
            assertEquals(leader, e.get("node").asText());
            assertTrue(e.get("timestampMs").asLong() > 0);
            if ("LEADER_ELECTED".equals(e.get("type").asText())) {
                assertTrue(e.get("details").get("term").asLong() >= 1);
            }
        }
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(admin(leader) + "/events?since=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
    }

    @Test
    void streamDeliversALeaderChangeAsItHappens() throws Exception {
        String leader = cluster.awaitLeader("g1");
        String target = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        long since = cluster.node(target).events().since(0).stream().mapToLong(NodeEvent::seq).max().orElse(0);
        HttpResponse<Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(URI.create(admin(target) + "/events?since=" + since)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse(""));
        Thread reader = new Thread(() -> stream.body().filter(l -> l.startsWith("data: ")).forEach(l -> {
            try {
                received.add(JSON.readTree(l.substring(6)));
            } catch (Exception ignored) {
                // malformed lines would fail the assertion below by their absence
            }
        }));
        reader.setDaemon(true);
        reader.start();
        var replica = cluster.replica(leader, "g1");
        assertTrue(replica.node().transferLeadershipTo(replica.peerOf(target)).isOk());
        Await.until("the stream from " + target + " reports it was elected", TestCluster.WAIT, () -> received.stream().anyMatch(
                e -> "LEADER_ELECTED".equals(e.get("type").asText()) && "g1".equals(e.get("group").asText())));
        stream.body().close();
    }

    @Test
    void metricsExposeRaftPositionsAndRequestCountsInPrometheusFormat() throws Exception {
        try (var client = new dev.chorus.client.ChorusClient(cluster.config())) {
            for (int i = 0; i < 10; i++) {
                client.put(("m" + i).getBytes(), "v".getBytes());
            }
        }
        String leader = cluster.awaitLeader("g1");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(admin(leader) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        String body = r.body();
        assertTrue(body.contains("# TYPE chorus_raft_term gauge"), body);
        assertTrue(body.contains("chorus_raft_is_leader{group=\"g1\",} 1.0"), body);
        assertTrue(metric(body, "chorus_client_requests_total{group=\"g1\",kind=\"write\",outcome=\"ok\",}") >= 10, body);
        assertTrue(metric(body, "chorus_applied_entries_total{group=\"g1\",}") >= 10, body);
        assertTrue(metric(body, "chorus_apply_batch_seconds_count{group=\"g1\",}") >= 1, body);
    }

    private static double metric(String body, String series) {
        return body.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(-1);
    }

    @Test
    void cliPrintsMergedEventsOneLineEach() {
        StringWriter out = new StringWriter();
        int code = ChorusCli.run(new String[]{"events", "--cluster", cluster.clusterFile().toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertEquals(0, code);
        String[] lines = out.toString().split("\n");
        assertTrue(lines.length >= 3, out.toString());
        assertTrue(out.toString().contains("LEADER_ELECTED term="), out.toString());
        assertTrue(java.util.Arrays.stream(lines).anyMatch(l -> l.matches("\\S+ n\\d - NODE_STARTED pid=\\d+")), out.toString());
    }
}
