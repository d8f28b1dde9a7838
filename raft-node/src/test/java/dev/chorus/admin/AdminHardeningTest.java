package dev.chorus.admin;

import dev.chorus.config.ConfigException;
import dev.chorus.config.HostPort;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12, item 3: the admin HTTP server of a running node. Event streams, idle and stalled connections cannot
 * take the workers that {@code /status} and the token-protected actions need; a Host header other than the admin
 * address is refused (DNS rebinding); a token file others can read stops the node from starting.
 */
class AdminHardeningTest {
    private static TestCluster cluster;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(1);
        cluster.awaitLeaders();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static HostPort admin() {
        return cluster.config().node("n1").orElseThrow().admin();
    }

    private static Socket connect() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(admin().host(), admin().port()), 2000);
        return s;
    }

    /** Sends {@code request} raw and returns the status line of the answer (reading at most {@code timeoutMs}). */
    private static String statusLine(Socket s, String request, int timeoutMs) throws Exception {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        s.setSoTimeout(timeoutMs);
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    @Test
    void streamsIdleAndStalledConnectionsDoNotBlockStatusOrActions() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            String host = "Host: " + admin() + "\r\n";
            int streams = 0;
            String refusedStream = null;
            for (int i = 0; i < 20; i++) {
                Socket s = connect();
                held.add(s);
                String status = statusLine(s, "GET /events HTTP/1.1\r\n" + host + "\r\n", 5000);
                if (status.contains(" 200")) {
                    streams++;
                } else {
                    refusedStream = status;
                }
            }
            assertEquals(16, streams, "event streams served at once");
            assertTrue(refusedStream != null && refusedStream.contains(" 503"), "beyond the cap: " + refusedStream);
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Socket s = connect();
                held.add(s);
                stalled.add(s);
                // A request that never ends (no blank line after the headers).
                s.getOutputStream().write(("GET /status HTTP/1.1\r\n" + host + "X-Slow: 1\r\n").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }
            for (int i = 0; i < 20; i++) {
                held.add(connect()); // idle: connected, sends nothing
            }
            Thread.sleep(500);
            long t0 = System.nanoTime();
            HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + admin() + "/status"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            HttpResponse<String> snapshot = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + admin() + "/groups/g1/snapshot"))
                    .header("Authorization", "Bearer " + cluster.adminToken()).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, snapshot.statusCode(), snapshot.body());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(12).toNanos());

            // The stalled requests are cut after the request timeout instead of holding a worker forever.
            long deadline = System.nanoTime() + AdminServer.Limits.DEFAULTS.requestTimeout().plusSeconds(8).toNanos();
            for (Socket s : stalled) {
                s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    int b = s.getInputStream().read();
                    while (b != -1) { // a 408 answer before the close is fine too
                        b = s.getInputStream().read();
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a stalled admin connection is still open after the request timeout", e);
                } catch (java.io.IOException closed) {
                    // reset by the server: closed
                }
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aForeignHostHeaderIsRefused() throws Exception {
        int port = admin().port();
        for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1:1", "10.1.2.3:" + port, "")) {
            try (Socket s = connect()) {
                String request = "GET /status HTTP/1.1\r\n" + (host.isEmpty() ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n";
                String status = statusLine(s, request, 5000);
                assertTrue(status.contains(" 421"), "Host '" + host + "': " + status);
            }
        }
        for (String host : List.of(admin().toString(), "localhost:" + port, "LOCALHOST:" + port, "127.0.0.1:" + port)) {
            try (Socket s = connect()) {
                String status = statusLine(s, "GET /status HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", 5000);
                assertTrue(status.contains(" 200"), "Host '" + host + "': " + status);
            }
        }
        // A token-protected action with the right token but a foreign Host changes nothing.
        try (Socket s = connect()) {
            String status = statusLine(s, "POST /groups/g1/snapshot HTTP/1.1\r\nHost: evil.example:" + port
                    + "\r\nAuthorization: Bearer " + cluster.adminToken() + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", 5000);
            assertTrue(status.contains(" 421"), status);
        }
    }

    @Test
    void aTokenFileOthersCanReadStopsTheNodeFromStarting() throws Exception {
        java.nio.file.Path token = cluster.config().adminTokenFile();
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(token),
                "the tests' token file is written owner-only");
        cluster.stopNode("n1");
        try {
            for (String mode : List.of("rw-r--r--", "rw-r-----", "rw----r--")) {
                Files.setPosixFilePermissions(token, PosixFilePermissions.fromString(mode));
                ConfigException e;
                try {
                    cluster.startNode("n1");
                    cluster.stopNode("n1");
                    throw new AssertionError("n1 started with its admin token file in mode " + mode);
                } catch (ConfigException refused) {
                    e = refused;
                }
                assertTrue(e.getMessage().contains(token.toString()) && e.getMessage().contains("chmod 600"), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
            }
        } finally {
            Files.setPosixFilePermissions(token, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            cluster.startNode("n1");
            cluster.awaitLeaders();
        }
    }
}
