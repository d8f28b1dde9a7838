package dev.chorus.txn;

import dev.chorus.client.ChorusClient;
import dev.chorus.protocol.KvResponse;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Atomicity and isolation of transactions on a real 3-node cluster with three groups:
 * g1 = [.., i) led by n1, g2 = [i, r) led by n2, g3 = [r, ..) led by n3.
 */
class TransactionTest {
    private static TestCluster cluster;
    private static TxnClient txns;
    private static ChorusClient kv;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, "i", "r");
        kv = cluster.client();
        txns = new TxnClient(cluster.config(), kv);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        txns.close();
        cluster.close();
    }

    private static String get(String key) {
        return kv.get(utf8(key)).map(String::new).orElse(null);
    }

    @Test
    void crossGroupTransactionIsAllOrNothingOnEveryReplica() {
        Transaction t = txns.begin();
        t.put(utf8("atom-a"), utf8("1"));
        t.put(utf8("katom-b"), utf8("2"));
        t.put(utf8("satom-c"), utf8("3"));
        t.commit();
        assertEquals(Transaction.State.COMMITTED, t.state());
        TxnTestSupport.awaitNoLocks(cluster, Duration.ofSeconds(10)); // participants complete after the commit point
        assertEquals("1", TxnTestSupport.converged(cluster, "g1").get("atom-a"));
        assertEquals("2", TxnTestSupport.converged(cluster, "g2").get("katom-b"));
        assertEquals("3", TxnTestSupport.converged(cluster, "g3").get("satom-c"));

        // A transaction that fails validation leaves nothing anywhere.
        Transaction stale = txns.begin();
        stale.get(utf8("atom-a"));
        stale.put(utf8("katom-b"), utf8("nope"));
        stale.put(utf8("satom-c"), utf8("nope"));
        kv.put(utf8("atom-a"), utf8("changed"));
        TxnException e = assertThrows(TxnException.class, stale::commit);
        assertTrue(e.retryable(), e.getMessage());
        assertEquals(Transaction.State.ABORTED, stale.state());
        TxnTestSupport.awaitNoLocks(cluster, Duration.ofSeconds(10));
        for (String node : cluster.runningNodes()) {
            assertEquals("2", cluster.contents(node, "g2").get("katom-b"), node);
            assertEquals("3", cluster.contents(node, "g3").get("satom-c"), node);
        }
    }

    @Test
    void writeSkewIsPrevented() {
        // Two doctors on call, in different groups; each may go off call only if the other stays.
        kv.put(utf8("doc-alice"), utf8("on"));
        kv.put(utf8("sdoc-bob"), utf8("on"));
        Transaction t1 = txns.begin();
        Transaction t2 = txns.begin();
        for (Transaction t : List.of(t1, t2)) {
            assertEquals("on", new String(t.get(utf8("doc-alice")).orElseThrow()));
            assertEquals("on", new String(t.get(utf8("sdoc-bob")).orElseThrow()));
        }
        t1.put(utf8("doc-alice"), utf8("off"));
        t2.put(utf8("sdoc-bob"), utf8("off"));
        t1.commit();
        assertThrows(TxnException.class, t2::commit);
        assertEquals("off", get("doc-alice"));
        assertEquals("on", get("sdoc-bob"));
    }

    @Test
    void concurrentIncrementsLoseNoUpdate() throws Exception {
        kv.put(utf8("counter"), utf8("0"));
        kv.put(utf8("scounter"), utf8("0"));
        int threads = 6;
        int each = 15;
        AtomicInteger commits = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                for (int j = 0; j < each; j++) {
                    txns.run(t -> {
                        // Cross-group: both counters move together.
                        int a = Integer.parseInt(new String(t.get(utf8("counter")).orElseThrow()));
                        int b = Integer.parseInt(new String(t.get(utf8("scounter")).orElseThrow()));
                        t.put(utf8("counter"), utf8(Integer.toString(a + 1)));
                        t.put(utf8("scounter"), utf8(Integer.toString(b + 1)));
                        return null;
                    }, 200);
                    commits.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(threads * each, commits.get());
        assertEquals(Integer.toString(commits.get()), get("counter"));
        assertEquals(Integer.toString(commits.get()), get("scounter"));
    }

    @Test
    void aCommittedReaderNeverSeesHalfOfACrossGroupTransaction() throws Exception {
        kv.put(utf8("frac-a"), utf8("0"));
        kv.put(utf8("sfrac-b"), utf8("0"));
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> fractured = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<?> writer = pool.submit(() -> {
            for (int i = 1; i <= 30; i++) {
                String v = Integer.toString(i);
                txns.run(t -> {
                    t.put(utf8("frac-a"), utf8(v));
                    t.put(utf8("sfrac-b"), utf8(v));
                    return null;
                }, 200);
            }
            writing.set(false);
            return null;
        });
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(pool.submit(() -> {
                while (writing.get()) {
                    String[] seen = txns.run(t -> new String[]{new String(t.get(utf8("frac-a")).orElseThrow()),
                            new String(t.get(utf8("sfrac-b")).orElseThrow())}, 200);
                    reads.incrementAndGet();
                    if (!seen[0].equals(seen[1])) {
                        fractured.add(seen[0] + "/" + seen[1]);
                    }
                }
                return null;
            }));
        }
        writer.get();
        for (Future<?> f : readers) {
            f.get();
        }
        pool.shutdown();
        assertTrue(reads.get() > 0, "readers committed");
        assertEquals(List.of(), fractured, "committed readers that saw half a transaction");
    }

    @Test
    void readsSeeOwnWritesAndScansSeeThemToo() {
        kv.put(utf8("ryw-1"), utf8("old"));
        Transaction t = txns.begin();
        t.put(utf8("ryw-1"), utf8("new"));
        t.put(utf8("ryw-2"), utf8("two"));
        assertEquals("new", new String(t.get(utf8("ryw-1")).orElseThrow()));
        List<KvResponse.KeyValue> page = t.scan(utf8("ryw-"), utf8("ryw-~"), 10);
        assertEquals(List.of("ryw-1=new", "ryw-2=two"),
                page.stream().map(e -> new String(e.key()) + "=" + new String(e.value())).toList());
        t.delete(utf8("ryw-1"));
        assertTrue(t.get(utf8("ryw-1")).isEmpty());
        // Nobody else sees any of it before commit (no dirty reads).
        assertEquals("old", get("ryw-1"));
        assertEquals(null, get("ryw-2"));
        t.commit();
        assertEquals(null, get("ryw-1"));
        assertEquals("two", get("ryw-2"));
    }

    @Test
    void aPhantomInAScannedRangeAbortsTheScanner() {
        Transaction t = txns.begin();
        assertTrue(t.scan(utf8("ph-"), utf8("ph-~"), 100).isEmpty());
        t.put(utf8("sph-count"), utf8("0"));
        kv.put(utf8("ph-new"), utf8("x"));
        assertThrows(TxnException.class, t::commit);
        assertEquals(null, get("sph-count"));
    }

    @Test
    void plainWritesWaitForLocksAndStayLinearizable() throws Exception {
        // A plain put racing transactions on the same key never interleaves with their validation.
        kv.put(utf8("mixed"), utf8("0"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> incrementer = pool.submit(() -> {
            for (int i = 0; i < 20; i++) {
                txns.run(t -> {
                    int v = Integer.parseInt(new String(t.get(utf8("mixed")).orElseThrow()));
                    t.put(utf8("mixed"), utf8(Integer.toString(v + 1)));
                    t.put(utf8("smixed-shadow"), utf8(Integer.toString(v + 1)));
                    return null;
                }, 200);
            }
            return null;
        });
        for (int i = 0; i < 20; i++) {
            kv.put(utf8("mixed"), utf8("1000"));
        }
        incrementer.get();
        pool.shutdown();
        // The last plain put set 1000 and only the increments committed after it count: never below (a put lost
        // to a transaction) nor above 1000 + 20 (an increment applied twice or on a stale read).
        int value = Integer.parseInt(get("mixed"));
        assertTrue(value >= 1000 && value <= 1020, "value " + value);
    }

    @Test
    void misuseGetsClearErrors() {
        Transaction empty = txns.begin();
        TxnException e = assertThrows(TxnException.class, empty::commit);
        assertEquals(TxnException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("empty transaction"), e.getMessage());

        Transaction rolledBack = txns.begin();
        rolledBack.put(utf8("rb"), utf8("x"));
        rolledBack.rollback();
        assertTrue(assertThrows(TxnException.class, rolledBack::commit).getMessage().contains("rolled back"));
        assertEquals(null, get("rb"));

        Transaction done = txns.begin();
        done.put(utf8("done"), utf8("x"));
        done.commit();
        assertTrue(assertThrows(TxnException.class, () -> done.put(utf8("done"), utf8("y"))).getMessage().contains("committed"));
        assertThrows(TxnException.class, done::rollback);

        Transaction big = txns.begin();
        TxnException tooLarge = assertThrows(TxnException.class, () -> {
            for (int i = 0; i < 2000; i++) {
                big.put(utf8("big-" + i), utf8("v"));
            }
        });
        assertTrue(tooLarge.getMessage().contains("too large"), tooLarge.getMessage());
        assertFalse(tooLarge.retryable());
        assertEquals(null, get("big-0"));
    }
}
