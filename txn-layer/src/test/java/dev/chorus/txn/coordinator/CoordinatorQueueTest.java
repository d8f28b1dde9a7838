package dev.chorus.txn.coordinator;

import dev.chorus.client.ChorusClient;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.faults.Failpoints;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.TxnCommitRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.testing.FreePorts;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's work queue is bounded: with every worker stuck on a group that does not answer and the queue
 * full, one more commit is answered ABORTED at once (nothing of it reached any group), instead of piling up.
 */
class CoordinatorQueueTest {

    @Test
    void aFullQueueAnswersAtOnceInsteadOfGrowing(@TempDir Path dir) throws Exception {
        // A one-node cluster file whose node never runs: every write waits for the client's request timeout.
        int raft = FreePorts.next();
        int admin = FreePorts.next();
        String json = "{\"name\":\"q\",\"nodes\":[{\"id\":\"n1\",\"raftAddress\":\"127.0.0.1:" + raft
                + "\",\"adminAddress\":\"127.0.0.1:" + admin + "\",\"dataDir\":\"data/n1\"}],"
                + "\"groups\":[{\"id\":\"g1\",\"range\":{\"start\":\"\",\"end\":\"\"},\"replicas\":[\"n1\"]}]}";
        ClusterConfig cluster = ClusterConfigLoader.parse(json, dir, "test");
        try (ChorusClient client = new ChorusClient(cluster)) {
            TxnCoordinator coordinator = new TxnCoordinator("n1", client, cluster.router(),
                    new Failpoints(false, () -> { }, (type, name) -> { }), TxnCoordinator.DEFAULT_TTL_MS, new PrometheusRegistry());
            try {
                List<CompletableFuture<KvResponse.TxnOutcome>> stuck = new ArrayList<>();
                for (int i = 0; i < 32 + TxnCoordinator.QUEUE_CAPACITY; i++) {
                    stuck.add(coordinator.submit(txn("t" + i)));
                }
                long start = System.nanoTime();
                KvResponse.TxnOutcome refused = coordinator.submit(txn("one-too-many")).get(5, TimeUnit.SECONDS);
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
                assertEquals(TxnVerdict.ABORTED, refused.verdict(), refused.detail());
                assertTrue(refused.detail().contains("busy"), refused.detail());
                assertFalse(stuck.get(stuck.size() - 1).isDone(), "the queued ones are still waiting");
            } finally {
                coordinator.close();
            }
        }
    }

    private static TxnCommitRequest txn(String id) {
        return new TxnCommitRequest(id, 10_000, List.of(), List.of(), List.of(new KvCommand.Put(utf8("k-" + id), utf8("v"))));
    }
}
