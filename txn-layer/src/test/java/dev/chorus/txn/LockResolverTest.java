package dev.chorus.txn;

import com.alipay.sofa.jraft.entity.Task;
import dev.chorus.cli.ChorusCli;
import dev.chorus.client.ChorusClient;
import dev.chorus.client.ChorusException;
import dev.chorus.events.NodeEvent;
import dev.chorus.participant.LockRecord;
import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.protocol.WireCodec;
import dev.chorus.raft.GroupReplica;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.node.TxnsCollector;
import dev.chorus.txn.node.TxnsView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock resolver on a real 3-node cluster (g1 = [.., i), g2 = [i, r), g3 = [r, ..)) when one lock cannot be
 * resolved: the front door refuses transaction commands naming groups that do not exist, and a lock that gets past
 * it anyway (written straight into the Raft log here) neither stops the resolver nor goes unreported.
 */
class LockResolverTest {
    private static TestCluster cluster;
    private static ChorusClient kv;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, "i", "r");
        kv = cluster.client();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    /** A prepare without a deadline, with a TTL of 1 s: resolvers ask about it once they have seen it that long. */
    private static KvCommand.TxnPrepare prepare(String txn, String primary, String key, List<String> participants) {
        return new KvCommand.TxnPrepare(txn, primary, 0, 1000, List.of(), List.of(),
                List.of(new KvCommand.Put(utf8(key), utf8("x"))), participants, participants.isEmpty() ? null : "n1");
    }

    /** Locks held now in {@code group} on its leader, by key. */
    private static Map<String, String> locks(String group) {
        GroupReplica r = cluster.replica(cluster.awaitLeader(group), group);
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<byte[], LockRecord> e : r.txns().locks(1000)) {
            out.put(new String(e.getKey()), e.getValue().txnId());
        }
        return out;
    }

    private static TxnRecord record(String group, String txn) {
        GroupReplica r = cluster.replica(cluster.awaitLeader(group), group);
        return r.txns().records(1000).stream().filter(x -> x.txnId().equals(txn)).findFirst().orElse(null);
    }

    /**
     * Proposes {@code command} on the group's leader straight through jraft, past the request processor's checks:
     * how a lock the front door would refuse today can still be in a log (written before the check existed).
     */
    private static KvResponse applyUnvalidated(String group, KvCommand command) {
        GroupReplica r = cluster.replica(cluster.awaitLeader(group), group);
        CompletableFuture<KvResponse> done = new CompletableFuture<>();
        Task task = new Task();
        task.setData(ByteBuffer.wrap(WireCodec.encode(new KvRequest.Write(null, command))));
        task.setDone(r.closureFor(done::complete));
        r.node().apply(task);
        return ChorusClient.join(done);
    }

    @Test
    void transactionCommandsNamingUnknownGroupsAreRefusedBeforeRaft() {
        List<KvCommand> bad = List.of(
                prepare("bad-primary", "no-such-group", "kfront-1", List.of()),
                prepare("bad-participant", "g2", "kfront-2", List.of("g2", "no-such-group")),
                new KvCommand.TxnLockRead("bad-lockread", "no-such-group", 0, 1000, List.of(utf8("kfront-3")), List.of()));
        for (KvCommand c : bad) {
            ChorusException e = assertThrows(ChorusException.class, () -> ChorusClient.join(kv.writeToGroupAsync("g2", c)),
                    "accepted " + c);
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("no-such-group"), e.getMessage());
        }
        // A prepare that creates the record (lists participants) belongs in its primary group, which it lists.
        ChorusException misplaced = assertThrows(ChorusException.class, () -> ChorusClient.join(kv.writeToGroupAsync("g2",
                prepare("misplaced-record", "g1", "kfront-4", List.of("g1", "g2")))));
        assertEquals(ErrorCode.BAD_REQUEST, misplaced.code(), misplaced.getMessage());
        assertTrue(locks("g2").keySet().stream().noneMatch(k -> k.startsWith("kfront-")), "locks: " + locks("g2"));
    }

    @Test
    void anUnresolvableLockDoesNotStopTheResolverAndIsReported() throws Exception {
        // In g2, in key order: first a lock whose primary group does not exist (nobody can ever resolve it), then
        // an orphaned lock whose primary g1 has no record (resolvable: abort), then an expired PENDING record of
        // g2 itself (resolvable: abort). Before the fix the first lock's failure ended every sweep.
        KvResponse.TxnOutcome stuck = (KvResponse.TxnOutcome) applyUnvalidated("g2",
                prepare("stuck-txn", "no-such-group", "ka-stuck", List.of()));
        assertEquals(TxnVerdict.PREPARED, stuck.verdict(), stuck.detail());
        KvResponse.TxnOutcome orphan = (KvResponse.TxnOutcome) ChorusClient.join(kv.writeToGroupAsync("g2",
                prepare("orphan-txn", "g1", "kb-orphan", List.of())));
        assertEquals(TxnVerdict.PREPARED, orphan.verdict(), orphan.detail());
        KvResponse.TxnOutcome expired = (KvResponse.TxnOutcome) ChorusClient.join(kv.writeToGroupAsync("g2",
                prepare("expired-record", "g2", "kc-record", List.of("g2"))));
        assertEquals(TxnVerdict.PREPARED, expired.verdict(), expired.detail());

        Await.until("the resolvable lock and record in g2 are resolved", Duration.ofSeconds(15), () -> {
            TxnRecord rec = record("g2", "expired-record");
            return !locks("g2").containsValue("orphan-txn") && !locks("g2").containsValue("expired-record")
                    && rec != null && rec.state() == TxnState.ABORTED;
        }, () -> "locks in g2: " + locks("g2") + ", record: " + record("g2", "expired-record"));
        assertEquals(Map.of("ka-stuck", "stuck-txn"), locks("g2"), "only the unresolvable lock is left");
        assertTrue(kv.get(utf8("kb-orphan")).isEmpty(), "a plain read of the resolved key answers");

        // The stuck lock is reported: an event on the leader of g2, and an UNRESOLVED entry in /txns and `chorus txns`.
        String leader = cluster.awaitLeader("g2");
        NodeEvent failed = Await.value("a TXN_RESOLVE_FAILED event for stuck-txn", Duration.ofSeconds(10), () ->
                cluster.node(leader).events().since(0).stream()
                        .filter(e -> e.type().equals(NodeEvent.Types.TXN_RESOLVE_FAILED)
                                && "stuck-txn".equals(e.details().get("txn")))
                        .findFirst().orElse(null));
        assertEquals("g2", failed.group());
        assertEquals("\"ka-stuck\"", failed.details().get("key"), "keys are shown as Keys.printable shows them");
        assertTrue(String.valueOf(failed.details().get("reason")).contains("no-such-group"), failed.toString());

        TxnsView.UnresolvedView entry = Await.value("stuck-txn listed as unresolved", Duration.ofSeconds(10), () ->
                new TxnsCollector(cluster.config(), Duration.ofSeconds(2)).collect().unresolved().stream()
                        .filter(u -> u.txn().equals("stuck-txn")).findFirst().orElse(null));
        assertEquals("g2", entry.group());
        assertEquals("\"ka-stuck\"", entry.key());
        assertEquals("no-such-group", entry.primaryGroup());
        assertTrue(entry.reason().contains("no-such-group"), entry.reason());
        assertTrue(entry.nextAttemptMs() > entry.firstFailedMs(), "retried later, with backoff: " + entry);

        StringWriter out = new StringWriter();
        int code = ChorusCli.run(new String[]{"txns", "--cluster", cluster.clusterFile().toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("UNRESOLVED") && out.toString().contains("stuck-txn")
                && out.toString().contains("1 unresolved"), out.toString());
    }
}
