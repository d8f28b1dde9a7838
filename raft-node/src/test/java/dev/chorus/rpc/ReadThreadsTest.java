package dev.chorus.rpc;

import dev.chorus.client.ChorusClient;
import dev.chorus.faults.Failpoints;
import dev.chorus.protocol.KvRead;
import dev.chorus.protocol.KvResponse;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads never run on bolt's network threads (issue 12 item 6): a read stalled in the store (the read-pause
 * failpoint, held by the test) leaves the connection it came on serving. A connection is served by one network
 * thread, and the client has one connection per node, so before the fix the stalled read held up the next request
 * of the same client, and with it every Raft message on that thread.
 */
class ReadThreadsTest {

    @Test
    void aReadStalledInTheStoreDoesNotHoldUpTheConnectionItCameOn() throws Exception {
        try (TestCluster cluster = TestCluster.start(1)) {
            AtomicReference<Thread> reader = new AtomicReference<>();
            CountDownLatch paused = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            cluster.onPause("n1", () -> {
                reader.set(Thread.currentThread());
                paused.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            cluster.stopNode("n1");
            cluster.startNode("n1");
            cluster.awaitLeader("g1");
            ChorusClient client = cluster.client();
            client.put(utf8("k"), utf8("v1"));

            cluster.node("n1").failpoints().arm(Failpoints.READ_PAUSE);
            CompletableFuture<KvResponse> stalled = client.getAsync(utf8("k"), KvRead.Consistency.STALE);
            try {
                Await.until("the stale read pauses in the store", TestCluster.WAIT, () -> paused.getCount() == 0);

                // Same client, same connection, same network thread on the node: answered while the read is stalled.
                CompletableFuture<Void> write = CompletableFuture.runAsync(() -> client.put(utf8("other"), utf8("v")));
                write.get(TestCluster.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertFalse(stalled.isDone(), "the read is still held in the store");
                assertTrue(reader.get().getName().startsWith("chorus-kv-read-"), "served by the node's read pool, not "
                        + reader.get().getName());
            } finally {
                release.countDown();
            }
            KvResponse.Value read = (KvResponse.Value) stalled.get(TestCluster.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertArrayEquals(utf8("v1"), read.value());
        }
    }
}
