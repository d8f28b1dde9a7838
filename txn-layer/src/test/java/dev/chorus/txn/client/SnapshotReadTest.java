package dev.chorus.txn.client;

import dev.chorus.raft.GroupReplica;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.coordinator.TxnCoordinator;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot read over two groups whose second lock-read is late: its first lock outlives its TTL, a resolver
 * releases it, a transfer commits across both groups, and only then does the late lock-read read. The read must
 * notice and retry rather than return a total that never existed.
 */
class SnapshotReadTest {

    @Test
    void aLateLockReadNeverYieldsATotalThatNeverExisted() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, "i", "r");
             TxnClient txns = new TxnClient(cluster.config(), cluster.client())) {
            byte[] a = utf8("a-account");   // g1
            byte[] k = utf8("k-account");   // g2
            txns.run(t -> {
                t.put(a, utf8("100"));
                t.put(k, utf8("100"));
                return null;
            });
            CountDownLatch releaseLateRead = new CountDownLatch(1);
            CompletableFuture<Map<ByteBuffer, byte[]>> read = CompletableFuture.supplyAsync(() ->
                    txns.readSnapshot(List.of(a, k), (attempt, group) -> {
                        if (attempt == 1 && group.equals("g2")) {
                            try {
                                assertTrue(releaseLateRead.await(60, TimeUnit.SECONDS));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }));

            Await.until("the first lock-read holds a-account", TestCluster.WAIT, () -> lockCount(cluster, "g1") == 1);
            Await.until("a resolver released the lock past its TTL", Duration.ofMillis(TxnCoordinator.DEFAULT_TTL_MS + 15_000),
                    () -> lockCount(cluster, "g1") == 0);
            txns.run(t -> {
                long x = Long.parseLong(new String(t.get(a).orElseThrow()));
                long y = Long.parseLong(new String(t.get(k).orElseThrow()));
                t.put(a, utf8(Long.toString(x - 50)));
                t.put(k, utf8(Long.toString(y + 50)));
                return null;
            });
            releaseLateRead.countDown();

            Map<ByteBuffer, byte[]> values = read.get(60, TimeUnit.SECONDS);
            long total = Long.parseLong(new String(values.get(ByteBuffer.wrap(a))))
                    + Long.parseLong(new String(values.get(ByteBuffer.wrap(k))));
            assertEquals(200, total, "the snapshot read " + new String(values.get(ByteBuffer.wrap(a))) + " + "
                    + new String(values.get(ByteBuffer.wrap(k))));
        }
    }

    private static int lockCount(TestCluster cluster, String group) {
        GroupReplica r = cluster.replica(cluster.awaitLeader(group), group);
        return r.txns().locks(100).size();
    }
}
