package dev.chorus.etcd;

import dev.chorus.config.NodeSpec;
import dev.chorus.testing.Await;
import dev.chorus.testing.FreePorts;
import dev.chorus.testing.TestCluster;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jetcd, unchanged, against a real in-JVM Chorus cluster whose nodes serve the etcd API: 3 nodes, 3 groups split at
 * "k3" and "k6", so a range over prefix "k" spans every group.
 */
class EtcdApiTest {
    private static final long TIMEOUT_S = 30;
    private static TestCluster cluster;
    private static Client client;
    private static KV kv;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(3, n -> new NodeSpec(n.id(), n.raftAddress(), n.adminAddress(), n.dataDir(),
                "127.0.0.1:" + FreePorts.next()), "k3", "k6");
        String[] endpoints = cluster.config().nodes().stream().map(n -> "http://" + n.etcdAddress()).toArray(String[]::new);
        client = Client.builder().endpoints(endpoints).build();
        kv = client.getKVClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void putGetDeleteWithExactPerKeyRevisions() throws Exception {
        ByteSequence key = bytes("a/pgd");
        PutResponse first = await(kv.put(key, bytes("one")));
        assertFalse(first.hasPrevKv());
        KeyValue v1 = only(await(kv.get(key)));
        assertEquals("one", text(v1.getValue()));
        assertEquals(1, v1.getVersion());
        assertEquals(v1.getCreateRevision(), v1.getModRevision());
        assertTrue(first.getHeader().getRevision() >= v1.getModRevision());

        PutResponse second = await(kv.put(key, bytes("two"), PutOption.builder().withPrevKV().build()));
        assertEquals("one", text(second.getPrevKv().getValue()));
        KeyValue v2 = only(await(kv.get(key)));
        assertEquals(2, v2.getVersion());
        assertEquals(v1.getCreateRevision(), v2.getCreateRevision());
        assertTrue(v2.getModRevision() > v1.getModRevision(), "mod revision grows");

        DeleteResponse del = await(kv.delete(key, DeleteOption.builder().withPrevKV(true).build()));
        assertEquals(1, del.getDeleted());
        assertEquals("two", text(del.getPrevKvs().get(0).getValue()));
        assertEquals(0, await(kv.get(key)).getCount());

        // Re-created: a new life, version 1 again, a newer create revision.
        await(kv.put(key, bytes("three")));
        KeyValue v3 = only(await(kv.get(key)));
        assertEquals(1, v3.getVersion());
        assertTrue(v3.getCreateRevision() > v2.getModRevision());
    }

    @Test
    void prefixRangeAcrossGroupsInKeyOrder() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add("k" + i + "/x");
            await(kv.put(bytes("k" + i + "/x"), bytes("v" + i)));
        }
        ByteSequence prefix = bytes("k");
        GetResponse all = await(kv.get(prefix, GetOption.builder().isPrefix(true).build()));
        assertEquals(keys, all.getKvs().stream().map(e -> text(e.getKey())).toList());
        assertEquals(10, all.getCount());
        assertFalse(all.isMore());

        GetResponse limited = await(kv.get(prefix, GetOption.builder().isPrefix(true).withLimit(4).build()));
        assertEquals(keys.subList(0, 4), limited.getKvs().stream().map(e -> text(e.getKey())).toList());
        assertEquals(10, limited.getCount());
        assertTrue(limited.isMore());

        GetResponse keysOnly = await(kv.get(prefix, GetOption.builder().isPrefix(true).withKeysOnly(true).build()));
        assertEquals(10, keysOnly.getKvs().size());
        assertTrue(keysOnly.getKvs().stream().allMatch(e -> e.getValue().isEmpty()));

        GetResponse counted = await(kv.get(prefix, GetOption.builder().isPrefix(true).withCountOnly(true).build()));
        assertEquals(10, counted.getCount());
        assertEquals(0, counted.getKvs().size());

        GetResponse range = await(kv.get(bytes("k2"), GetOption.builder().withRange(bytes("k7")).build()));
        assertEquals(keys.subList(2, 7), range.getKvs().stream().map(e -> text(e.getKey())).toList());

        Await.until("a serializable read sees every key", Duration.ofSeconds(10), () -> kv.get(prefix,
                GetOption.builder().isPrefix(true).withSerializable(true).build()).join().getCount() == 10);

        DeleteResponse del = await(kv.delete(prefix, DeleteOption.builder().isPrefix(true).build()));
        assertEquals(10, del.getDeleted());
        assertEquals(0, await(kv.get(prefix, GetOption.builder().isPrefix(true).build())).getCount());
    }

    @Test
    void txnCompareAndSwapInOneGroup() throws Exception {
        ByteSequence key = bytes("a/cas");
        await(kv.put(key, bytes("old")));
        long rev = only(await(kv.get(key))).getModRevision();

        TxnResponse won = await(kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(rev)))
                .Then(Op.put(key, bytes("new"), PutOption.DEFAULT)).Else(Op.get(key, GetOption.DEFAULT)).commit());
        assertTrue(won.isSucceeded());
        assertEquals("new", text(only(await(kv.get(key))).getValue()));

        TxnResponse lost = await(kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(rev)))
                .Then(Op.put(key, bytes("newer"), PutOption.DEFAULT)).Else(Op.get(key, GetOption.DEFAULT)).commit());
        assertFalse(lost.isSucceeded());
        assertEquals("new", text(lost.getGetResponses().get(0).getKvs().get(0).getValue()));

        // Value and version compares, and a create-if-absent (version 0).
        ByteSequence fresh = bytes("a/fresh");
        assertTrue(await(kv.txn().If(new Cmp(fresh, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(fresh, bytes("1"), PutOption.DEFAULT)).commit()).isSucceeded());
        assertFalse(await(kv.txn().If(new Cmp(fresh, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(fresh, bytes("2"), PutOption.DEFAULT)).commit()).isSucceeded());
        assertTrue(await(kv.txn().If(new Cmp(fresh, Cmp.Op.EQUAL, CmpTarget.value(bytes("1"))))
                .Then(Op.delete(fresh, DeleteOption.DEFAULT)).commit()).isSucceeded());
        assertEquals(0, await(kv.get(fresh)).getCount());
    }

    @Test
    void txnAcrossGroupsIsRefusedWithoutEffect() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(kv.txn()
                .Then(Op.put(bytes("a/x"), bytes("1"), PutOption.DEFAULT), Op.put(bytes("z/x"), bytes("1"), PutOption.DEFAULT))
                .commit()));
        assertCode(ErrorCode.UNIMPLEMENTED, e);
        assertEquals(0, kv.get(bytes("a/x")).join().getCount());
        assertEquals(0, kv.get(bytes("z/x")).join().getCount());
    }

    /**
     * The STM-style transfer: read two accounts, write both only if neither changed since (mod revisions), retry
     * otherwise. Under concurrency the total stays exact and every committed transfer is counted once.
     */
    @Test
    void optimisticConcurrentTransfersKeepTheTotal() throws Exception {
        int accounts = 4;
        long balance = 1000;
        for (int i = 0; i < accounts; i++) {
            await(kv.put(bytes("acct/" + i), bytes(Long.toString(balance))));
        }
        int threads = 4;
        int transfersEach = 25;
        AtomicLong retries = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < transfersEach; n++) {
                        int from = ThreadLocalRandom.current().nextInt(accounts);
                        int to = (from + 1 + ThreadLocalRandom.current().nextInt(accounts - 1)) % accounts;
                        while (!transfer("acct/" + from, "acct/" + to, 1 + ThreadLocalRandom.current().nextInt(10))) {
                            retries.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        GetResponse all = await(kv.get(bytes("acct/"), GetOption.builder().isPrefix(true).build()));
        assertEquals(accounts, all.getCount());
        long total = all.getKvs().stream().mapToLong(e -> Long.parseLong(text(e.getValue()))).sum();
        assertEquals(accounts * balance, total, "total after " + threads * transfersEach + " transfers, "
                + retries.get() + " retries");
        // Every account's version counts its initial put plus every transfer that touched it: 2 per transfer.
        long versions = all.getKvs().stream().mapToLong(KeyValue::getVersion).sum();
        assertEquals(accounts + 2L * threads * transfersEach, versions);
    }

    private static boolean transfer(String from, String to, long amount) throws Exception {
        KeyValue a = only(get(from));
        KeyValue b = only(get(to));
        long fromBalance = Long.parseLong(text(a.getValue()));
        long toBalance = Long.parseLong(text(b.getValue()));
        TxnResponse r = await(kv.txn()
                .If(new Cmp(a.getKey(), Cmp.Op.EQUAL, CmpTarget.modRevision(a.getModRevision())),
                        new Cmp(b.getKey(), Cmp.Op.EQUAL, CmpTarget.modRevision(b.getModRevision())))
                .Then(Op.put(a.getKey(), bytes(Long.toString(fromBalance - amount)), PutOption.DEFAULT),
                        Op.put(b.getKey(), bytes(Long.toString(toBalance + amount)), PutOption.DEFAULT))
                .commit());
        return r.isSucceeded();
    }

    @Test
    void badInputGetsAStatusAndHasNoEffect() throws Exception {
        int maxKey = cluster.config().limits().maxKeyBytes();
        int maxValue = cluster.config().limits().maxValueBytes();
        String longKey = "b/" + "x".repeat(maxKey);
        assertCode(ErrorCode.INVALID_ARGUMENT, assertThrows(ExecutionException.class,
                () -> await(kv.put(bytes(longKey), bytes("v")))));
        assertCode(ErrorCode.INVALID_ARGUMENT, assertThrows(ExecutionException.class,
                () -> await(kv.put(bytes("b/big"), ByteSequence.from(new byte[maxValue + 1])))));
        assertCode(ErrorCode.INVALID_ARGUMENT, assertThrows(ExecutionException.class,
                () -> await(kv.get(bytes("b/z"), GetOption.builder().withRange(bytes("b/a")).build()))));
        assertCode(ErrorCode.INVALID_ARGUMENT, assertThrows(ExecutionException.class,
                () -> await(kv.get(bytes("b/"), GetOption.builder().isPrefix(true).withLimit(Long.MAX_VALUE).build()))));
        assertCode(ErrorCode.UNIMPLEMENTED, assertThrows(ExecutionException.class,
                () -> await(kv.get(bytes("b/"), GetOption.builder().withRevision(1).build()))));
        assertCode(ErrorCode.UNIMPLEMENTED, assertThrows(ExecutionException.class,
                () -> await(kv.put(bytes("b/leased"), bytes("v"), PutOption.builder().withLeaseId(7).build()))));
        // A txn with an oversize value in its failure branch is refused whole, whichever branch would run.
        assertCode(ErrorCode.INVALID_ARGUMENT, assertThrows(ExecutionException.class, () -> await(kv.txn()
                .Then(Op.put(bytes("b/ok"), bytes("v"), PutOption.DEFAULT))
                .Else(Op.put(bytes("b/big"), ByteSequence.from(new byte[maxValue + 1]), PutOption.DEFAULT)).commit())));
        assertEquals(0, await(kv.get(bytes("b/"), GetOption.builder().isPrefix(true).build())).getCount());
    }

    @Test
    void headerRevisionIsMonotonicPerConnection() throws Exception {
        try (Client one = Client.builder().endpoints("http://" + cluster.config().nodes().get(1).etcdAddress()).build()) {
            KV c = one.getKVClient();
            long last = 0;
            for (int i = 0; i < 20; i++) {
                // Alternate groups: each group's own revisions are independent, the header never goes back.
                String key = (i % 2 == 0 ? "a/mono" : "z/mono") + i;
                long put = await(c.put(bytes(key), bytes("v"))).getHeader().getRevision();
                long get = await(c.get(bytes(key))).getHeader().getRevision();
                assertTrue(put >= last && get >= put, "header revisions " + last + ", " + put + ", " + get);
                assertTrue(get >= only(await(c.get(bytes(key)))).getModRevision());
                last = get;
            }
        }
    }

    @Test
    void statusAndMemberList() throws Exception {
        var members = await(client.getClusterClient().listMember()).getMembers();
        assertEquals(3, members.size());
        assertEquals(List.of("n1", "n2", "n3"), members.stream().map(m -> m.getName()).sorted().toList());
        var status = await(client.getMaintenanceClient().statusMember(
                "http://" + cluster.config().nodes().get(0).etcdAddress()));
        assertTrue(status.getVersion().startsWith("3."));
        assertTrue(status.getLeader() != 0);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static GetResponse get(String key) throws Exception {
        return await(kv.get(bytes(key)));
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static KeyValue only(GetResponse r) {
        assertEquals(1, r.getKvs().size(), "one key expected");
        return r.getKvs().get(0);
    }

    /** jetcd hands some failures over as its EtcdException, others as gRPC's exception: the status either way. */
    private static void assertCode(ErrorCode code, ExecutionException e) {
        Throwable cause = e.getCause();
        String actual = cause instanceof EtcdException etcd ? etcd.getErrorCode().name()
                : io.grpc.Status.fromThrowable(cause).getCode().name();
        assertEquals(code.name(), actual, String.valueOf(cause));
        assertFalse(cause.getMessage() == null || cause.getMessage().isBlank());
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
