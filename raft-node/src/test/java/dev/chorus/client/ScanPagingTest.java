package dev.chorus.client;

import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.util.Endpoint;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;
import dev.chorus.config.HostPort;
import dev.chorus.protocol.KvRead;
import dev.chorus.protocol.KvRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.RpcEnvelope;
import dev.chorus.protocol.WireCodec;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scan over large values: every answer is bounded in bytes (a truncated page), and the client pages on. */
class ScanPagingTest {

    @Test
    void aScanOfLargeValuesComesInBoundedPagesAndTheClientAssemblesItWhole() throws Exception {
        try (TestCluster cluster = TestCluster.start(1)) {
            ChorusClient client = cluster.client();
            byte[] value = new byte[1_000_000];
            for (int i = 0; i < 12; i++) {
                Arrays.fill(value, (byte) ('a' + i));
                client.put(utf8("big-" + (char) ('a' + i)), value.clone());
            }

            // One request asking for 100 entries gets a page of at most 4 MiB of keys and values, marked truncated.
            HostPort raft = cluster.config().node("n1").orElseThrow().raft();
            RpcClient rpc = RpcFactoryHelper.rpcFactory().createRpcClient();
            rpc.init(new com.alipay.sofa.jraft.option.RpcOptions());
            try {
                KvRead.Scan scan = new KvRead.Scan(utf8("big-"), utf8("big."), 100, KvRead.Consistency.LINEARIZABLE);
                Object answer = rpc.invokeSync(new Endpoint(raft.host(), raft.port()),
                        new RpcEnvelope.Request("g1", WireCodec.encode(new KvRequest.Read(scan))), 10_000);
                KvResponse.ScanResult page = (KvResponse.ScanResult) WireCodec.decodeResponse(((RpcEnvelope.Response) answer).body());
                long bytes = page.entries().stream().mapToLong(e -> e.key().length + e.value().length).sum();
                assertTrue(page.truncated(), "the page is marked truncated");
                assertTrue(bytes <= 4L << 20 && !page.entries().isEmpty(), page.entries().size() + " entries, " + bytes + " bytes");
            } finally {
                rpc.shutdown();
            }

            List<KvResponse.KeyValue> all = client.scan(utf8("big-"), utf8("big."), 100);
            assertEquals(12, all.size());
            for (int i = 0; i < 12; i++) {
                Arrays.fill(value, (byte) ('a' + i));
                assertEquals("big-" + (char) ('a' + i), new String(all.get(i).key()));
                assertArrayEquals(value, all.get(i).value());
            }
        }
    }
}
