package dev.chorus.admin;

import dev.chorus.config.HostPort;
import dev.chorus.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin server's own bounds, with one worker, one stream slot and one-second timeouts: a client that stalls
 * its request, or stops reading a response or a stream, loses its connection and gives its thread back.
 */
class AdminServerLimitsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final byte[] CHUNK = new byte[64 * 1024];

    private HostPort address;
    private AdminServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        address = new HostPort("127.0.0.1", FreePorts.next());
        server = new AdminServer(address, AdminToken.NONE,
                new AdminServer.Limits(1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        server.get("/status", () -> Map.of("ok", true));
        server.getRaw("/big", (exchange, query) -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 4096; i++) { // 256 MiB: far more than any socket buffer
                out.write(CHUNK);
            }
        });
        server.getRaw("/stream", (exchange, query) -> server.stream(exchange, e -> {
            e.sendResponseHeaders(200, 0);
            OutputStream out = e.getResponseBody();
            while (true) {
                out.write(CHUNK);
                out.flush();
            }
        }));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    private Socket send(String request) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(address.host(), address.port()), 2000);
        sockets.add(s);
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    private int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(6)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Reads until the server closes the connection; fails if it is still open after {@code seconds}. */
    private static void awaitClosed(Socket s, int seconds) throws Exception {
        s.setSoTimeout(seconds * 1000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1 << 20];
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try {
            while (in.read(buf) != -1) {
                assertTrue(System.nanoTime() < deadline, "connection still open after " + seconds + " s");
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + seconds + " s", e);
        } catch (java.io.IOException reset) {
            // closed by the server
        }
    }

    @Test
    void aStalledRequestIsCutAndItsWorkerFreed() throws Exception {
        Socket stalled = send("GET /status HTTP/1.1\r\nHost: " + address + "\r\n"); // never finished
        Thread.sleep(200);
        long t0 = System.nanoTime();
        assertEquals(200, status("/status")); // the only worker was reading the stalled request
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos());
        awaitClosed(stalled, 3);
    }

    @Test
    void halfARequestLineIsCutWithinTheRequestTimeoutAndOthersAreServed() throws Exception {
        long t0 = System.nanoTime();
        Socket half = send("GET /sta"); // half a request line, no end of line, ever
        assertEquals(200, status("/status")); // served meanwhile (at once, or once the only worker is freed)
        awaitClosed(half, 5); // request timeout 1 s, plus the watchdog's tick
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
        assertEquals(200, status("/status"));
    }

    @Test
    void aClientThatDoesNotReadIsCutAndItsWorkerFreed() throws Exception {
        Socket reader = send("GET /big HTTP/1.1\r\nHost: " + address + "\r\n\r\n"); // and never reads
        Thread.sleep(300);
        long t0 = System.nanoTime();
        assertEquals(200, status("/status"));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos());
        awaitClosed(reader, 5);
    }

    @Test
    void streamsAreCappedAndAStreamThatIsNotReadGivesItsSlotBack() throws Exception {
        send("GET /stream HTTP/1.1\r\nHost: " + address + "\r\n\r\n"); // takes the only slot, never reads
        Thread.sleep(300);
        assertEquals(200, status("/status")); // streams do not use the request worker
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/stream"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (refused.statusCode() == 503) {
            assertTrue(refused.body().contains("too many event streams"), refused.body());
        }
        // Within the write timeout (plus the socket buffers filling) the stuck stream is cut and a new one is served.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Socket s = send("GET /stream HTTP/1.1\r\nHost: " + address + "\r\n\r\n");
            s.setSoTimeout(3000);
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = s.getInputStream().read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            s.close();
            if (line.toString().contains(" 200")) {
                break;
            }
            assertTrue(line.toString().contains(" 503"), line.toString());
            assertTrue(System.nanoTime() < deadline, "the unread stream still holds its slot");
            Thread.sleep(250);
        }
    }
}
