package dev.chorus.cli;

import dev.chorus.testing.FreePorts;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static dev.chorus.cli.CliRun.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI contract (output and exit codes) and the nodes' resistance to garbage, against a real cluster. */
class ChorusCliTest {
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, "m");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static String file() {
        return cluster.clusterFile().toString();
    }

    @Test
    void putGetDelCasScanFollowTheContract() {
        assertEquals(new CliRun(0, "OK\n", ""), chorus("put", "--cluster", file(), "color", "blue"));
        assertEquals(new CliRun(0, "blue\n", ""), chorus("get", "--cluster", file(), "color"));
        assertEquals(new CliRun(1, "", "not found\n"), chorus("get", "--cluster", file(), "missing"));
        assertEquals(0, chorus("cas", "--cluster", file(), "color", "blue", "green").code());
        CliRun mismatch = chorus("cas", "--cluster", file(), "color", "blue", "red");
        assertEquals(1, mismatch.code());
        assertTrue(mismatch.err().contains("green"), mismatch.err());
        chorus("put", "--cluster", file(), "zeta", "z");
        chorus("put", "--cluster", file(), "colour", "uk");
        assertEquals(new CliRun(0, "color\tgreen\ncolour\tuk\n", ""), chorus("scan", "--cluster", file(), "--prefix", "colo"));
        assertEquals("color\tgreen\n", chorus("scan", "--cluster", file(), "--prefix", "colo", "--limit", "1").out());
        assertEquals(new CliRun(0, "OK\n", ""), chorus("del", "--cluster", file(), "color"));
        assertEquals(1, chorus("get", "--cluster", file(), "color").code());
    }

    @Test
    void clusterOptionBeforeTheSubcommandAsWellAsAfter() {
        assertEquals(new CliRun(0, "OK\n", ""), chorus("--cluster", file(), "put", "global", "before"));
        assertEquals(new CliRun(0, "before\n", ""), chorus("get", "global", "--cluster", file()));
    }

    @Test
    void statusShowsEveryReplicaAndOneLeaderPerGroup() throws Exception {
        CliRun table = chorus("status", "--cluster", file());
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("LEADER"), table.out());
        // Leaders may still move to their preferred nodes right after start: compare once both views agree.
        var tree = dev.chorus.testing.Await.value("status to agree with the nodes on every leader", TestCluster.WAIT, () -> {
            try {
                var t = new com.fasterxml.jackson.databind.ObjectMapper().readTree(chorus("status", "--cluster", file(), "--json").out());
                for (var g : t.get("groups")) {
                    if (!cluster.awaitLeader(g.get("id").asText()).equals(g.get("leader").asText())) {
                        return null;
                    }
                }
                return t;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(3, tree.get("nodes").size());
        assertTrue(tree.get("nodes").get(0).get("up").asBoolean());
        for (var g : tree.get("groups")) {
            assertEquals(3, g.get("replicas").size());
            assertTrue(g.get("term").asLong() >= 1);
            assertTrue(g.get("replicas").get(0).has("committedIndex"));
        }
    }

    @Test
    void badArgumentsExitTwoWithUsage() {
        assertEquals(2, chorus("frobnicate").code());
        assertEquals(2, chorus("put", "--cluster", file(), "only-key").code());
        assertEquals(2, chorus("bench", "--cluster", file(), "--duration", "soon").code());
        CliRun badFile = chorus("get", "--cluster", "/nonexistent/cluster.json", "k");
        assertEquals(2, badFile.code());
        assertTrue(badFile.err().contains("does not exist"), badFile.err());
    }

    @Test
    void unreachableClusterSaysSoWithinTenSecondsAndExitsThree(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("cluster.json");
        Files.writeString(file, "{\"nodes\":[{\"id\":\"n1\",\"raftAddress\":\"127.0.0.1:" + FreePorts.next()
                + "\",\"adminAddress\":\"127.0.0.1:" + FreePorts.next() + "\"}],"
                + "\"groups\":[{\"id\":\"g1\",\"range\":{\"start\":\"\",\"end\":\"\"},\"replicas\":[\"n1\"]}]}");
        long start = System.nanoTime();
        CliRun r = chorus("get", "--cluster", file.toString(), "k");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("unreachable"), r.err());
        assertTrue(ms < 10_000, "took " + ms + " ms");
        assertEquals(3, chorus("status", "--cluster", file.toString()).code());
    }

    @Test
    void garbageOnTheRpcAndAdminPortsLeavesTheNodeServing() throws Exception {
        var node = cluster.config().node("n1").orElseThrow();
        Random random = new Random(1);
        for (var address : new dev.chorus.config.HostPort[]{node.raft(), node.admin()}) {
            for (int i = 0; i < 20; i++) {
                try (Socket s = new Socket(address.host(), address.port())) {
                    byte[] junk = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(junk);
                    s.getOutputStream().write(junk);
                    s.getOutputStream().flush();
                } catch (java.io.IOException closedByPeer) {
                    // the node may hang up on garbage: that is the point
                }
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> wrongPath = http.send(HttpRequest.newBuilder(URI.create("http://" + node.adminAddress() + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, wrongPath.statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://" + node.adminAddress() + "/status"))
                .POST(HttpRequest.BodyPublishers.ofString("{{{")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals(0, chorus("put", "--cluster", file(), "after-garbage", "fine").code());
        assertEquals("fine\n", chorus("get", "--cluster", file(), "after-garbage").out());
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://" + node.adminAddress() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
    }
}
