package dev.chorus.admin;

import dev.chorus.cli.ChorusCli;
import dev.chorus.config.HostPort;
import dev.chorus.events.NodeEvent;
import dev.chorus.testing.Await;
import dev.chorus.testing.FreePorts;
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
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mutating admin endpoints: bearer token, validation, and the leader-transfer and snapshot actions. */
class AdminApiTest {
    private static TestCluster cluster;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(3);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static HttpResponse<String> post(String node, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + cluster.config().node(node).orElseThrow().adminAddress() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int cli(StringWriter out, String... args) {
        return ChorusCli.run(args, new PrintWriter(out), new PrintWriter(new StringWriter()));
    }

    private static long snapshotEvents(String node) {
        return cluster.node(node).events().since(0).stream().filter(e -> e.type().equals(NodeEvent.Types.SNAPSHOT_SAVED)).count();
    }

    @Test
    void requestsWithoutTheTokenAreRefusedAndChangeNothing() throws Exception {
        long before = snapshotEvents("n1");
        assertEquals(401, post("n1", "/groups/g1/snapshot", null, "{}").statusCode());
        assertEquals(401, post("n1", "/groups/g1/snapshot", "wrong-token-wrong-token", "{}").statusCode());
        String leader = cluster.awaitLeader("g1");
        assertEquals(401, post(leader, "/groups/g1/transfer-leader", null, "{\"node\":\"n2\"}").statusCode());
        assertEquals(before, snapshotEvents("n1"));
        assertEquals(leader, cluster.awaitLeader("g1"));
    }

    @Test
    void snapshotFromTheCliSnapshotsEveryReplica() throws Exception {
        cluster.client().put("snap".getBytes(), "v".getBytes());
        StringWriter out = new StringWriter();
        assertEquals(0, cli(out, "snapshot", "--cluster", cluster.clusterFile().toString(), "g1"), out.toString());
        assertEquals(3, out.toString().lines().filter(l -> l.contains("snapshot saved")).count(), out.toString());
        for (String n : cluster.runningNodes()) {
            assertTrue(snapshotEvents(n) >= 1, n + " recorded SNAPSHOT_SAVED");
        }
        assertEquals(2, cli(new StringWriter(), "snapshot", "--cluster", cluster.clusterFile().toString(), "g9"));
    }

    @Test
    void leaderTransferFromTheCliMovesLeadership() throws Exception {
        String leader = cluster.awaitLeader("g1");
        String target = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        StringWriter out = new StringWriter();
        assertEquals(0, cli(out, "leader", "transfer", "--cluster", cluster.clusterFile().toString(), "g1", target), out.toString());
        assertTrue(out.toString().startsWith("g1 leader " + target), out.toString());
        Await.until(target + " leads g1", TestCluster.WAIT, () -> target.equals(cluster.awaitLeader("g1")));
        assertEquals(2, cli(new StringWriter(), "leader", "transfer", "--cluster", cluster.clusterFile().toString(), "g1", "n9"));
    }

    @Test
    void malformedRequestsGetClearErrorsAndTheNodeKeepsServing() throws Exception {
        String token = cluster.adminToken();
        String leader = cluster.awaitLeader("g1");
        assertEquals(404, post("n1", "/groups/nope/snapshot", token, "{}").statusCode());
        assertEquals(400, post(leader, "/groups/g1/transfer-leader", token, "{\"node\":\"n9\"}").statusCode());
        assertEquals(400, post(leader, "/groups/g1/transfer-leader", token, "{\"node\":42}").statusCode());
        assertEquals(400, post(leader, "/groups/g1/transfer-leader", token, "[1,2]").statusCode());
        assertEquals(400, post(leader, "/groups/g1/transfer-leader", token, "{\"node\":").statusCode());
        assertEquals(413, post(leader, "/groups/g1/transfer-leader", token, "x".repeat(AdminServer.MAX_BODY_BYTES + 10)).statusCode());
        String follower = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        HttpResponse<String> notLeader = post(follower, "/groups/g1/transfer-leader", token, "{\"node\":\"" + follower + "\"}");
        assertEquals(409, notLeader.statusCode());
        assertTrue(notLeader.body().contains("not the leader"), notLeader.body());

        Random random = new Random(3);
        String[] paths = {"/groups/g1/snapshot", "/groups/g1/transfer-leader", "/groups//snapshot", "/status", "/events", "/x",
                "/faults", "/faults/heal", "/metrics", "/failpoints", "/groups/g1/members", "/groups/g1/replica",
                "/groups/g1/members/n3", "/txns"};
        for (int i = 0; i < 420; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            String body = i % 2 == 0 ? new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : "{\"node\":\"n2\"}".substring(0, random.nextInt(13));
            int status = post("n2", paths[i % paths.length], i % 3 == 0 ? null : token, body).statusCode();
            assertTrue(status >= 400 && status < 500 || status == 200, "status " + status + " for " + paths[i % paths.length]);
        }
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create("http://"
                + cluster.config().node("n2").orElseThrow().adminAddress() + "/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
    }

    @Test
    void aClusterWithoutATokenRefusesEveryMutatingRequest() throws Exception {
        HostPort address = new HostPort("127.0.0.1", FreePorts.next());
        try (AdminServer server = new AdminServer(address, AdminToken.NONE)) {
            server.mutating("POST", "/groups/{id}/snapshot", (params, body) -> Map.of("done", params.get("id")));
            server.start();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/groups/g1/snapshot"))
                    .header("Authorization", "Bearer anything-anything-anything").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("disabled"), r.body());
        }
    }
}
