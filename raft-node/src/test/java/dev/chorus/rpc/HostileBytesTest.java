package dev.chorus.rpc;

import com.caucho.hessian.io.Hessian2Output;
import dev.chorus.client.ChorusClient;
import dev.chorus.config.HostPort;
import dev.chorus.protocol.RpcEnvelope;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bytes on a node's Raft/client port, written as raw bolt frames on a plain socket: a Hessian gadget-style
 * payload under Chorus's request class, a nested-batch bomb, lengths far beyond the bytes sent, random bytes and
 * truncated frames. The node must answer or drop the connection, apply nothing, and keep serving.
 */
class HostileBytesTest {
    private static TestCluster cluster;
    private static ChorusClient client;

    /** A class whose deserialization is visible: Hessian calls readResolve on what it instantiates. */
    public static final class Canary implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean resolved;
        String payload = "gadget";

        private Object readResolve() {
            resolved = true;
            return this;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(1);
        client = cluster.client();
        client.put(utf8("before"), utf8("ok"));
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static HostPort port() {
        return cluster.config().node("n1").orElseThrow().raft();
    }

    /** A bolt protocol-1 request frame (22-byte header: proto, type, cmdcode, ver, id, codec, timeout, lengths). */
    private static byte[] frame(int id, String className, byte[] content, int declaredContentLength) {
        byte[] cls = className.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(22 + cls.length + content.length);
        b.put((byte) 1).put((byte) 1).putShort((short) 1).put((byte) 1).putInt(id).put((byte) 1).putInt(3000)
                .putShort((short) cls.length).putShort((short) 0).putInt(declaredContentLength).put(cls).put(content);
        return b.array();
    }

    /** Sends {@code bytes} on a fresh connection; returns the response status of a response frame, or -1 if none. */
    private static int send(byte[] bytes) throws IOException {
        try (Socket s = new Socket(port().host(), port().port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            try {
                byte[] header = new byte[20];
                in.readFully(header);
                return ByteBuffer.wrap(header, 10, 2).getShort();
            } catch (SocketTimeoutException | java.io.EOFException | java.net.SocketException e) {
                return -1; // no answer, or the node closed the connection
            }
        }
    }

    private static void assertStillServes() {
        assertEquals("ok", new String(client.get(utf8("before")).orElseThrow()));
        client.put(utf8("after"), utf8("still-serving"));
        assertEquals("still-serving", new String(client.get(utf8("after")).orElseThrow()));
    }

    @Test
    void aHessianPayloadUnderChorusRequestClassIsNeverDeserialized() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Hessian2Output h = new Hessian2Output(bytes);
        h.writeObject(new Canary());
        h.close();
        int status = send(frame(7, RpcEnvelope.Request.class.getName(), bytes.toByteArray(), bytes.size()));
        assertTrue(status != 0, "the node refused the payload (response status " + status + ")");
        assertFalse(Canary.resolved, "no class named by the bytes was instantiated");
        assertStillServes();
    }

    @Test
    void aNestedBatchBombIsRefusedAtOnce() throws Exception {
        // Version 1, a write without request id, then batch-in-batch all the way down, each claiming as many items
        // as the remaining bytes allow: the shape that once recursed and pre-sized lists until the heap ran out.
        int size = 8 << 20;
        ByteBuffer body = ByteBuffer.allocate(size);
        body.put((byte) 1).put((byte) 1).put((byte) 0);
        while (body.remaining() >= 5) {
            body.put((byte) 4).putInt((body.remaining() - 4) / 6);
        }
        byte[] group = "g1".getBytes(StandardCharsets.UTF_8);
        ByteBuffer content = ByteBuffer.allocate(8 + group.length + size);
        content.putInt(group.length).put(group).putInt(size).put(body.array());
        long start = System.nanoTime();
        int status = send(frame(8, RpcEnvelope.Request.class.getName(), content.array(), content.capacity()));
        assertTrue(status >= 0, "the node answered");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "at once");
        assertStillServes();
    }

    @Test
    void lengthsBeyondTheBytesRandomBytesAndTruncatedFramesLeaveTheNodeServing() throws Exception {
        long heapBefore = usedHeap();
        // A frame that declares 2 GB of content and sends 10 bytes, then closes.
        send(frame(9, RpcEnvelope.Request.class.getName(), new byte[10], Integer.MAX_VALUE));
        // Chorus's own format with a byte string claiming 2 GB.
        byte[] lying = ByteBuffer.allocate(14).putInt(2).put("g1".getBytes(StandardCharsets.UTF_8)).putInt(Integer.MAX_VALUE)
                .putInt(0).array();
        assertTrue(send(frame(10, RpcEnvelope.Request.class.getName(), lying, lying.length)) != 0);
        // Random bytes, and half a frame.
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[1 + random.nextInt(4096)];
            random.nextBytes(junk);
            send(junk);
        }
        byte[] whole = frame(11, RpcEnvelope.Request.class.getName(), new byte[64], 64);
        send(java.util.Arrays.copyOf(whole, whole.length / 2));
        assertStillServes();
        Await.until("heap back near where it was", Duration.ofSeconds(20), () -> {
            System.gc();
            return usedHeap() < heapBefore + (256L << 20);
        });
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

}
