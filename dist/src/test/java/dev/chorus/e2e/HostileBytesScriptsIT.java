package dev.chorus.e2e;

import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static dev.chorus.e2e.Scripts.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bytes against real node processes (which run with -XX:+ExitOnOutOfMemoryError): frames on the Raft port
 * whose declared lengths overflow bolt's int arithmetic (bolt 1.6.12 then allocated the ~2 GB content array at
 * once, so one 40-byte packet ended the node), random bytes on both ports, half an HTTP request on the admin port.
 * Every node must still run and serve.
 */
class HostileBytesScriptsIT {

    private static byte[] overflowingFrame(byte protocol, int contentLength) {
        byte[] cls = "dev.chorus.protocol.RpcEnvelope$Request".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(24 + cls.length);
        if (protocol == 2) {
            b.put((byte) 2).put((byte) 1).put((byte) 1).putShort((short) 1).put((byte) 1).putInt(1).put((byte) 1)
                    .put((byte) 0).putInt(3000);
        } else {
            b.put((byte) 1).put((byte) 1).putShort((short) 1).put((byte) 1).putInt(1).put((byte) 1).putInt(3000);
        }
        b.putShort((short) cls.length).putShort((short) 0).putInt(contentLength).put(cls);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void send(HostPort to, byte[] bytes) {
        try (Socket s = new Socket(to.host(), to.port())) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            in.read(); // an answer or the node closing the connection, whichever comes first
        } catch (IOException e) {
            // refused, reset or timed out: all fine as long as the node lives on
        }
    }

    @Test
    void hostileBytesOnEveryPortLeaveEveryNodeRunning(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        try {
            assertEquals(0, Scripts.run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port",
                    String.valueOf(Scripts.freeBasePort())).code());
            var config = ClusterConfigLoader.load(dir.resolve("cluster.json"));
            HostPort raft = config.node("n1").orElseThrow().raft();
            HostPort admin = config.node("n1").orElseThrow().admin();
            // Seen on the code before the guard: the first frame ends n1 with "Terminating due to
            // java.lang.OutOfMemoryError: Requested array size exceeds VM limit".
            for (int length : new int[]{Integer.MAX_VALUE, Integer.MAX_VALUE - 64}) {
                send(raft, overflowingFrame((byte) 1, length));
                send(raft, overflowingFrame((byte) 2, length));
            }
            Random random = new Random(7);
            for (int i = 0; i < 10; i++) {
                byte[] junk = new byte[1 + random.nextInt(2048)];
                random.nextBytes(junk);
                send(raft, junk);
                send(admin, junk);
            }
            send(admin, "GET /status HTTP/1.1\r\nHost: x".getBytes(StandardCharsets.US_ASCII));
            // A node killed by such a frame exits while decoding it, long before this CLI process has started.
            String list = chorus(d, "node", "list").out();
            for (String n : new String[]{"n1", "n2", "n3"}) {
                assertTrue(list.contains(n + " running"), list);
            }
            assertEquals(new Scripts.Result(0, "OK\n"), chorus(d, "put", "after", "hostile-bytes"));
            assertEquals(new Scripts.Result(0, "hostile-bytes\n"), chorus(d, "get", "after"));
        } finally {
            Scripts.run(60, "scripts/stop-cluster.sh", "--dir", d);
        }
    }
}
