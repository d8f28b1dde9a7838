package dev.chorus.txn.coordinator;

import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.util.Endpoint;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;
import dev.chorus.client.ChorusClient;
import dev.chorus.client.ChorusException;
import dev.chorus.config.HostPort;
import dev.chorus.participant.TxnLimits;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.RpcEnvelope;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.protocol.WireCodec;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-transaction limits hold on the servers, for requests that never passed the client's checks: the
 * coordinator refuses an oversized commit, and a participant refuses an oversized prepare or one-phase commit, and
 * none of it is applied.
 */
class ServerTxnLimitsTest {
    private static final TxnLimits LIMITS = TxnLimits.DEFAULT;
    private static TestCluster cluster;
    private static ChorusClient kv;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(1);
        kv = cluster.client();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void theCoordinatorRefusesTooManyKeysAndTooManyBytes() throws Exception {
        assertRefusedByCoordinator(onePhase("keys", smallPuts("keys-", LIMITS.maxKeys() + 1)));
        assertRefusedByCoordinator(onePhase("bytes", bigPuts("bytes-")));
        assertEquals(0, kv.scan(utf8("keys-"), utf8("keys."), 10).size() + kv.scan(utf8("bytes-"), utf8("bytes."), 10).size(),
                "nothing of either transaction was written");
    }

    @Test
    void aParticipantRefusesAnOversizedPrepareOrOnePhaseCommit() {
        long deadline = kv.groupTime("g1") + 10_000;
        KvCommand.TxnPrepare prepare = new KvCommand.TxnPrepare("p-keys", "g1", deadline, TxnCoordinator.DEFAULT_TTL_MS,
                List.of(), List.of(), smallPuts("prep-", LIMITS.maxKeys() + 1), List.of(), null);
        assertTooLarge(prepare);
        assertTooLarge(new KvCommand.TxnPrepare("p-bytes", "g1", deadline, TxnCoordinator.DEFAULT_TTL_MS,
                List.of(), List.of(), bigPuts("prep-"), List.of(), null));
        assertTooLarge(new KvCommand.TxnOnePhase("o-bytes", deadline, List.of(), List.of(), bigPuts("one-")));
        assertEquals(0, cluster.replica("n1", "g1").txns().locks(10).size(), "no lock was taken");
        assertEquals(0, kv.scan(utf8("one-"), utf8("one."), 10).size(), "nothing was written");
    }

    @Test
    void aTransactionJustWithinTheLimitsStillCommits() throws Exception {
        KvResponse.TxnOutcome outcome = commitRaw(onePhase("within", smallPuts("within-", LIMITS.maxKeys())));
        assertEquals(TxnVerdict.COMMITTED, outcome.verdict(), outcome.detail());
    }

    private static void assertRefusedByCoordinator(KvCommand.TxnOnePhase txn) throws Exception {
        KvResponse.TxnOutcome outcome = commitRaw(txn);
        assertEquals(TxnVerdict.REFUSED, outcome.verdict(), outcome.detail());
        assertTrue(outcome.detail().contains("too large"), outcome.detail());
    }

    private static void assertTooLarge(KvCommand command) {
        CompletionException e = assertThrows(CompletionException.class, () -> kv.writeToGroupAsync("g1", command).join());
        ChorusException refused = assertInstanceOf(ChorusException.class, e.getCause());
        assertEquals(ErrorCode.TOO_LARGE, refused.code(), refused.getMessage());
    }

    /** Straight to the coordinator's port, as TxnClient sends it but without its checks. */
    private static KvResponse.TxnOutcome commitRaw(KvCommand.TxnOnePhase txn) throws Exception {
        HostPort raft = cluster.config().node("n1").orElseThrow().raft();
        RpcClient rpc = RpcFactoryHelper.rpcFactory().createRpcClient();
        rpc.init(new com.alipay.sofa.jraft.option.RpcOptions());
        try {
            Object answer = rpc.invokeSync(new Endpoint(raft.host(), raft.port()),
                    new CommitRpc.Request(WireCodec.encodeCommand(txn)), 20_000);
            return (KvResponse.TxnOutcome) WireCodec.decodeResponse(((RpcEnvelope.Response) answer).body());
        } finally {
            rpc.shutdown();
        }
    }

    private static KvCommand.TxnOnePhase onePhase(String id, List<KvCommand.Mutation> writes) {
        return new KvCommand.TxnOnePhase(id, kv.groupTime("g1") + 10_000, List.of(), List.of(), writes);
    }

    private static List<KvCommand.Mutation> smallPuts(String prefix, int count) {
        List<KvCommand.Mutation> puts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            puts.add(new KvCommand.Put(utf8(prefix + i), utf8("v")));
        }
        return puts;
    }

    /** Two values of 600 KB: each within the value limit, together over the transaction's byte limit. */
    private static List<KvCommand.Mutation> bigPuts(String prefix) {
        return List.of(new KvCommand.Put(utf8(prefix + "a"), new byte[600_000]), new KvCommand.Put(utf8(prefix + "b"), new byte[600_000]));
    }
}
