package dev.chorus.node;

import com.alipay.sofa.jraft.Node;
import dev.chorus.admin.ClusterAdmin;
import dev.chorus.client.ChorusClient;
import dev.chorus.events.NodeEvent;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.raft.GroupReplica;
import dev.chorus.storage.Family;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restart safety: whatever the last entry of a group's log is, and whether or not every replica took a snapshot
 * right at that entry, every node comes back after restarting one node, after wiping one node (it catches up by
 * snapshot install when the log was compacted, by log replay otherwise) and after restarting every node; every
 * acknowledged write reads back and the replicas agree key by key in every replicated column family.
 *
 * <p>jraft never hands configuration entries (a new leader's first entry, a membership change) to the state
 * machine but counts them in its applied index, which is what a snapshot's meta records: a snapshot taken right
 * after a leader change or a membership change is the case that lost whole clusters.
 */
class RestartMatrixTest {
    private static final String GROUP = "g1";

    enum LastEntry { DATA, LEADER_TRANSFER, MEMBER_ADDED, MEMBER_REMOVED, TXN_PREPARE, TXN_DECIDE, TXN_COMPLETE }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (LastEntry last : LastEntry.values()) {
            out.add(Arguments.of(last, false));
            out.add(Arguments.of(last, true));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "last entry {0}, snapshot at it: {1}")
    @MethodSource("cases")
    void everyNodeComesBackWithEveryAcknowledgedWrite(LastEntry last, boolean snapshotAtLastEntry) throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            ChorusClient client = cluster.client();
            Map<String, String> acknowledged = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                put(client, acknowledged, "before-" + i, "v" + i);
            }
            if (snapshotAtLastEntry) {
                // A first snapshot lets the second one compact the log, so a wiped replica must install a snapshot
                // (jraft keeps the log back to the previous snapshot).
                snapshotEveryReplica(cluster);
                put(client, acknowledged, "between-snapshots", "x");
            }
            makeLastEntry(cluster, client, acknowledged, last);
            awaitCaughtUp(cluster);
            if (snapshotAtLastEntry) {
                for (String n : members(cluster)) {
                    Node raft = cluster.replica(n, GROUP).node();
                    assertEquals(raft.getLastLogIndex(), raft.getLastAppliedLogIndex(), n + " applied its whole log");
                }
                snapshotEveryReplica(cluster);
            }
            verify(cluster, acknowledged, "before any restart");

            List<String> members = members(cluster);
            String leader = cluster.awaitLeader(GROUP);
            List<String> followers = members.stream().filter(n -> !n.equals(leader)).toList();

            String restarted = followers.get(0);
            cluster.stopNode(restarted);
            cluster.startNode(restarted);
            awaitCaughtUp(cluster);
            verify(cluster, acknowledged, "after restarting " + restarted);

            String wiped = followers.get(followers.size() - 1);
            cluster.stopNode(wiped);
            cluster.wipeNode(wiped);
            cluster.startNode(wiped);
            awaitCaughtUp(cluster);
            verify(cluster, acknowledged, "after wiping " + wiped);
            if (snapshotAtLastEntry) {
                assertTrue(cluster.node(wiped).events().since(0).stream().anyMatch(e ->
                                e.type().equals(NodeEvent.Types.SNAPSHOT_INSTALLED) && GROUP.equals(e.group())),
                        wiped + " caught up by installing the snapshot taken at the last entry");
            }

            for (String n : cluster.runningNodes()) {
                cluster.stopNode(n);
            }
            for (String n : List.of("n1", "n2", "n3")) {
                cluster.startNode(n);
            }
            cluster.awaitLeaders();
            awaitCaughtUp(cluster);
            verify(cluster, acknowledged, "after restarting every node");
            put(client, acknowledged, "after-restarts", "y");
            awaitCaughtUp(cluster);
            verify(cluster, acknowledged, "after a write following the restarts");
        }
    }

    /** With sync on, term, vote and snapshot meta are fsynced before they count (jraft leaves this off). */
    @org.junit.jupiter.api.Test
    void raftMetadataIsFsyncedWhenSyncIsOn() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            for (String n : cluster.runningNodes()) {
                assertTrue(cluster.replica(n, GROUP).node().getRaftOptions().isSyncMeta(), n);
            }
        }
    }

    /** A snapshot of a group that never held data: its whole log is the first leader's configuration entry. */
    @org.junit.jupiter.api.Test
    void aSnapshotOfAGroupWithoutDataSurvivesRestartingEveryNode() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            snapshotEveryReplica(cluster);
            for (String n : cluster.runningNodes()) {
                cluster.stopNode(n);
            }
            for (String n : List.of("n1", "n2", "n3")) {
                cluster.startNode(n);
            }
            cluster.awaitLeaders();
            ChorusClient client = cluster.client();
            Map<String, String> acknowledged = new LinkedHashMap<>();
            put(client, acknowledged, "first", "write");
            awaitCaughtUp(cluster);
            verify(cluster, acknowledged, "after restarting every node");
        }
    }

    private static void makeLastEntry(TestCluster cluster, ChorusClient client, Map<String, String> acknowledged,
                                      LastEntry last) throws Exception {
        ClusterAdmin admin = new ClusterAdmin(cluster.config());
        String leader = cluster.awaitLeader(GROUP);
        switch (last) {
            case DATA -> put(client, acknowledged, "last", "data");
            case LEADER_TRANSFER -> {
                String target = leader.equals("n2") ? "n3" : "n2";
                admin.toLeader(GROUP, "POST", "/groups/" + GROUP + "/transfer-leader", Map.of("node", target));
                Await.until(target + " leads " + GROUP, TestCluster.WAIT, () -> target.equals(cluster.awaitLeader(GROUP)));
            }
            case MEMBER_REMOVED -> admin.removeMember(GROUP, nonLeader(leader));
            case MEMBER_ADDED -> {
                String member = nonLeader(leader);
                admin.removeMember(GROUP, member);
                admin.addMember(GROUP, member, false);
                Await.until(member + " is a voter of " + GROUP + " again", TestCluster.WAIT,
                        () -> cluster.replica(leader, GROUP).node().listPeers().contains(cluster.replica(leader, GROUP).peerOf(member)));
            }
            case TXN_PREPARE -> prepare(client, "t-prepare", "txn-key", "locked");
            case TXN_DECIDE -> {
                prepare(client, "t-decide", "txn-key", "committed");
                write(client, new KvCommand.TxnDecide("t-decide", KvCommand.Decision.COMMIT, 0));
                acknowledged.put("txn-key", "committed");
            }
            case TXN_COMPLETE -> {
                prepare(client, "t-complete", "txn-key", "completed");
                write(client, new KvCommand.TxnDecide("t-complete", KvCommand.Decision.COMMIT, 0));
                write(client, new KvCommand.TxnComplete("t-complete", true));
                acknowledged.put("txn-key", "completed");
            }
        }
    }

    private static String nonLeader(String leader) {
        return leader.equals("n3") ? "n2" : "n3";
    }

    /** Phase one of a transaction whose only participant, and primary, is {@link #GROUP}. */
    private static void prepare(ChorusClient client, String txnId, String key, String value) {
        write(client, new KvCommand.TxnPrepare(txnId, GROUP, 0, 600_000, List.of(), List.of(),
                List.of(new KvCommand.Put(utf8(key), utf8(value))), List.of(GROUP), "n1"));
    }

    private static void write(ChorusClient client, KvCommand command) {
        KvResponse response = ChorusClient.join(client.writeToGroupAsync(GROUP, command));
        assertTrue(response instanceof KvResponse.TxnOutcome o && (o.verdict() == dev.chorus.protocol.TxnVerdict.PREPARED
                || o.verdict() == dev.chorus.protocol.TxnVerdict.COMMITTED), command.getClass().getSimpleName() + " failed: " + response);
    }

    private static void put(ChorusClient client, Map<String, String> acknowledged, String key, String value) {
        client.put(utf8(key), utf8(value));
        acknowledged.put(key, value);
    }

    private static void snapshotEveryReplica(TestCluster cluster) throws Exception {
        for (String n : members(cluster)) {
            cluster.snapshot(n, GROUP);
        }
    }

    /** The running nodes that host a replica of {@link #GROUP}. */
    private static List<String> members(TestCluster cluster) {
        return cluster.runningNodes().stream().filter(n -> cluster.replica(n, GROUP) != null).toList();
    }

    private static void awaitCaughtUp(TestCluster cluster) {
        Await.until("every replica of " + GROUP + " applied what its leader committed", TestCluster.WAIT,
                () -> cluster.caughtUp(GROUP), cluster::describe);
    }

    private static void verify(TestCluster cluster, Map<String, String> acknowledged, String when) {
        ChorusClient reader = cluster.client();
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            assertEquals(e.getValue(), reader.get(utf8(e.getKey())).map(String::new).orElse(null),
                    "acknowledged write of " + e.getKey() + " reads back " + when);
        }
        List<String> members = members(cluster);
        Map<Family, Map<String, String>> first = replicatedState(cluster.replica(members.get(0), GROUP));
        for (String n : members.subList(1, members.size())) {
            assertEquals(first, replicatedState(cluster.replica(n, GROUP)),
                    members.get(0) + " and " + n + " hold the same replicated state " + when);
        }
    }

    /** Every replicated column family (all but the applied index, which replicas reach at different times). */
    private static Map<Family, Map<String, String>> replicatedState(GroupReplica replica) {
        Map<Family, Map<String, String>> out = new TreeMap<>();
        HexFormat hex = HexFormat.of();
        for (Family f : Family.values()) {
            if (f == Family.META) {
                continue;
            }
            Map<String, String> entries = new TreeMap<>();
            for (KvResponse.KeyValue kv : replica.store().scan(f, new byte[0], new byte[0], Integer.MAX_VALUE).entries()) {
                entries.put(hex.formatHex(kv.key()), hex.formatHex(kv.value()));
            }
            out.put(f, entries);
        }
        return out;
    }
}
