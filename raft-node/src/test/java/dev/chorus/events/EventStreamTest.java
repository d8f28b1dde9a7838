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
