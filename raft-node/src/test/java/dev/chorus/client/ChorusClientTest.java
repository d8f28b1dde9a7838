package dev.chorus.client;

import com.alipay.sofa.jraft.option.RpcOptions;
import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.util.Endpoint;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;
import dev.chorus.config.HostPort;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.RequestId;
import dev.chorus.protocol.RpcEnvelope;
import dev.chorus.protocol.WireCodec;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing, leader following, deduplicated retries and cross-group scans against a real 3-node, 3-group cluster. */
class ChorusClientTest {
    private static TestCluster cluster;
    private static ChorusClient client;
    private static RpcClient raw;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, "s1", "s2");
        client = cluster.client();
        raw = RpcFactoryHelper.rpcFactory().createRpcClient();
        raw.init(new RpcOptions());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        raw.shutdown();
        cluster.close();
    }

    @Test
    void routesEachKeyToTheGroupOwningItsRange() {
        client.put(utf8("apple"), utf8("1"));
        client.put(utf8("s1~kiwi"), utf8("2"));
        client.put(utf8("zucchini"), utf8("3"));
        Await.until("each key lands in its own group", TestCluster.WAIT, () ->
                "1".equals(cluster.contents("n1", "g1").get("apple"))
                        && "2".equals(cluster.contents("n1", "g2").get("s1~kiwi"))
                        && "3".equals(cluster.contents("n1", "g3").get("zucchini")));
        assertFalse(cluster.contents("n1", "g1").containsKey("s1~kiwi"));
    }

    @Test
    void scanMergesGroupsInKeyOrderAndHonoursTheLimit() {
        // Groups split at "s1" and "s2". Only "s1~kiwi" (routing test, sorts after "s1z") shares the range.
        List<String> keys = List.of("s2z", "s0a", "s1z", "s1a", "s0z", "s2a");
        for (String k : keys) {
            client.put(utf8(k), utf8("v-" + k));
        }
        List<KvResponse.KeyValue> all = client.scan(utf8("s0"), utf8("s3"), 100);
        assertEquals(List.of("s0a", "s0z", "s1a", "s1z", "s2a", "s2z"), all.stream().map(kv -> new String(kv.key())).filter(k -> k.length() == 3).toList());
        assertEquals("v-s2a", new String(all.stream().filter(kv -> new String(kv.key()).equals("s2a")).findFirst().orElseThrow().value()));
        List<KvResponse.KeyValue> limited = client.scan(utf8("s0"), utf8("s3"), 3);
        assertEquals(List.of("s0a", "s0z", "s1a"), limited.stream().map(kv -> new String(kv.key())).toList());
        List<KvResponse.KeyValue> fromMiddle = client.scan(utf8("s1b"), utf8("s2b"), 100);
        assertEquals(List.of("s1z", "s2a"), fromMiddle.stream().map(kv -> new String(kv.key())).filter(k -> k.length() == 3).toList());
    }

    @Test
    void scanPagesThroughAGroupBeyondOneRequest() {
        int n = ChorusClient.SCAN_PAGE + 500;
        List<KvCommand.Mutation> puts = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            puts.add(new KvCommand.Put(utf8(String.format("page-%05d", i)), utf8("v")));
        }
        client.batch(puts);
        List<KvResponse.KeyValue> all = client.scan(utf8("page-"), utf8("page."), n + 10);
        assertEquals(n, all.size());
        assertEquals(String.format("page-%05d", n - 1), new String(all.get(n - 1).key()));
        assertEquals(n - 7, client.scan(utf8("page-"), utf8("page."), n - 7).size());
    }

    @Test
    void followsLeaderChanges() {
        client.put(utf8("follow"), utf8("0"));
        String leader = cluster.awaitLeader("g1");
        assertEquals(leader, client.cachedLeader("g1").orElseThrow());
        String target = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        var replica = cluster.replica(leader, "g1");
        assertTrue(replica.node().transferLeadershipTo(replica.peerOf(target)).isOk());
        Await.until("leadership moves to " + target, TestCluster.WAIT, () -> target.equals(cluster.awaitLeader("g1")));
        client.put(utf8("follow"), utf8("1"));
        assertEquals(target, client.cachedLeader("g1").orElseThrow());
        assertEquals("1", new String(client.get(utf8("follow")).orElseThrow()));
    }

    @Test
    void retriedWriteIsAppliedOnceAndReportsItsOwnSuccess() throws Exception {
        RequestId id = new RequestId(42, 7, 1, 1);
        byte[] cas = WireCodec.encode(new KvRequest.Write(id, new KvCommand.CompareAndSet(utf8("dedup"), null, utf8("mine"))));
        KvResponse first = sendToLeader("g1", cas);
        KvResponse retry = sendToLeader("g1", cas);
        assertTrue(((KvResponse.CasResult) first).succeeded(), "the first attempt applies");
        assertTrue(((KvResponse.CasResult) retry).succeeded(), "the retry sees its own first attempt's success");

        // A different write with the same intent fails: the key is no longer absent.
        byte[] other = WireCodec.encode(new KvRequest.Write(new RequestId(42, 7, 2, 1),
                new KvCommand.CompareAndSet(utf8("dedup"), null, utf8("other"))));
        assertFalse(((KvResponse.CasResult) sendToLeader("g1", other)).succeeded());

        // Once the client reports seq 1 and 2 done, a delayed copy of seq 1 is refused and changes nothing.
        byte[] put = WireCodec.encode(new KvRequest.Write(new RequestId(42, 7, 3, 3), new KvCommand.Put(utf8("dedup"), utf8("third"))));
        assertInstanceOf(KvResponse.Done.class, sendToLeader("g1", put));
        KvResponse stale = sendToLeader("g1", cas);
        assertInstanceOf(KvResponse.Failure.class, stale);
        assertEquals(ErrorCode.BAD_REQUEST, ((KvResponse.Failure) stale).code());
        assertEquals("third", new String(client.get(utf8("dedup")).orElseThrow()));
    }

    @Test
    void batchIsAtomicWithinAGroupAndRefusedAcrossGroups() {
        client.batch(List.of(new KvCommand.Put(utf8("b1"), utf8("x")), new KvCommand.Put(utf8("b2"), utf8("y")),
                new KvCommand.Delete(utf8("b1"))));
        assertTrue(client.get(utf8("b1")).isEmpty());
        assertEquals("y", new String(client.get(utf8("b2")).orElseThrow()));
        assertThrows(IllegalArgumentException.class, () -> client.batch(List.of(
                new KvCommand.Put(utf8("b3"), utf8("x")), new KvCommand.Put(utf8("z3"), utf8("y")))));
    }

    @Test
    void oversizeKeysAndValuesAreRejectedWithoutEffect() {
        ChorusException bigKey = assertThrows(ChorusException.class, () -> client.put(new byte[4097], utf8("v")));
        assertEquals(ErrorCode.TOO_LARGE, bigKey.code());
        ChorusException bigValue = assertThrows(ChorusException.class, () -> client.put(utf8("big"), new byte[(1 << 20) + 1]));
        assertEquals(ErrorCode.TOO_LARGE, bigValue.code());
        assertTrue(bigValue.getMessage().contains("exceeds the limit"), bigValue.getMessage());
        assertTrue(client.get(utf8("big")).isEmpty());
        client.put(utf8("big"), new byte[1 << 20]);
        assertEquals(1 << 20, client.get(utf8("big")).orElseThrow().length);
    }

    @Test
    void requestForAKeyOutsideTheGroupIsRejected() throws Exception {
        byte[] put = WireCodec.encode(new KvRequest.Write(null, new KvCommand.Put(utf8("zzz"), utf8("v"))));
        KvResponse r = sendToLeader("g1", put);
        assertEquals(ErrorCode.KEY_OUT_OF_RANGE, ((KvResponse.Failure) r).code());
        KvResponse unknown = sendToLeader("nope", put);
        assertEquals(ErrorCode.UNKNOWN_GROUP, ((KvResponse.Failure) unknown).code());
    }

    private static KvResponse sendToLeader(String group, byte[] body) throws Exception {
        String leader = cluster.awaitLeader(group.equals("nope") ? "g1" : group);
        HostPort hp = cluster.config().node(leader).orElseThrow().raft();
        Object resp = raw.invokeSync(new Endpoint(hp.host(), hp.port()), new RpcEnvelope.Request(group, body), 5000);
        return WireCodec.decodeResponse(((RpcEnvelope.Response) resp).body());
    }
}
