package dev.chorus.testing;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import dev.chorus.admin.AdminToken;
import dev.chorus.client.ChorusClient;
import dev.chorus.client.ClientOptions;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ClusterFile;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import dev.chorus.node.ChorusNode;
import dev.chorus.protocol.KvResponse;
import dev.chorus.raft.GroupReplica;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real Chorus nodes (jraft + RocksDB) in this JVM, each on its own free ports and data dir under a temporary
 * directory. Nodes can be stopped, wiped and restarted individually; {@link #close} stops everything.
 */
public final class TestCluster implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final ClusterConfig config;
    private final Map<String, ChorusNode> nodes = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final List<ChorusClient> clients = new ArrayList<>();

    private final java.util.Set<String> crashed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, Long> clockOffsets = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Runnable> pauseActions = new java.util.concurrent.ConcurrentHashMap<>();

    private TestCluster(Path dir, ClusterConfig config) {
        this.dir = dir;
        this.config = config;
    }

    /**
     * Election timeout of test clusters: long enough that a GC or CPU stall on a loaded 2-core machine, with every
     * node of the cluster in one JVM, does not move leaders under a test's feet.
     */
    public static final int ELECTION_TIMEOUT_MS = 1500;

    /** {@code nodeCount} nodes and the given split points (group count = splits + 1), every group on every node. */
    public static TestCluster start(int nodeCount, String... splits) throws Exception {
        return start(nodeCount, new ClusterFile.Raft(ELECTION_TIMEOUT_MS, 3600, 0, true, false), splits);
    }

    public static TestCluster start(int nodeCount, ClusterFile.Raft raft, String... splits) throws Exception {
        return start(nodeCount, raft, java.util.function.UnaryOperator.identity(), splits);
    }

    /**
     * As {@link #start(int, String...)}, each node's spec first passed through {@code node} (e.g. to give it an
     * address for a layer's own service, picked with {@link FreePorts}).
     */
    public static TestCluster start(int nodeCount, java.util.function.UnaryOperator<NodeSpec> node, String... splits)
            throws Exception {
        return start(nodeCount, new ClusterFile.Raft(ELECTION_TIMEOUT_MS, 3600, 0, true, false), node, splits);
    }

    private static TestCluster start(int nodeCount, ClusterFile.Raft raft, java.util.function.UnaryOperator<NodeSpec> node,
                                     String... splits) throws Exception {
        Path dir = Files.createTempDirectory("chorus-test");
        List<NodeSpec> nodes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            ids.add("n" + i);
            nodes.add(node.apply(new NodeSpec("n" + i, "127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next(),
                    "data/n" + i)));
        }
        List<GroupSpec> groups = new ArrayList<>();
        String start = "";
        for (int g = 0; g <= splits.length; g++) {
            String end = g == splits.length ? "" : splits[g];
            groups.add(new GroupSpec("g" + (g + 1), new GroupSpec.RangeSpec(start, end), ids, ids.get(g % nodeCount)));
            start = end;
        }
        ClusterFile file = new ClusterFile("test", true, "admin.token", nodes, groups, raft, null);
        AdminToken.generate(dir.resolve("admin.token"));
        Path clusterFile = dir.resolve("cluster.json");
        ClusterConfigLoader.write(file, clusterFile);
        TestCluster cluster = new TestCluster(dir, ClusterConfigLoader.load(clusterFile));
        try {
            for (String id : ids) {
                cluster.startNode(id);
            }
            // Nodes hand each group to its preferred leader shortly after start; tests begin once that settled,
            // so a test that picks "the leader" does not see it move under its feet.
            for (GroupSpec g : cluster.config.groups()) {
                Await.until(g.preferredLeader() + " leads " + g.id(), WAIT, () -> g.preferredLeader().equals(cluster.awaitLeader(g.id())));
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public Path dir() {
        return dir;
    }

    public Path clusterFile() {
        return dir.resolve("cluster.json");
    }

    public String adminToken() throws Exception {
        return AdminToken.read(config.adminTokenFile());
    }

    public ClusterConfig config() {
        return config;
    }

    public ChorusNode node(String id) {
        return nodes.get(id);
    }

    public ChorusNode startNode(String id) throws Exception {
        return startNode(id, List.of());
    }

    /** Starts {@code id} with {@code failpoints} armed before its replicas start (e.g. to crash mid-install). */
    public ChorusNode startNode(String id, List<String> failpoints) throws Exception {
        ChorusNode node = new ChorusNode(config, id);
        node.armAtStart(failpoints);
        // A pause failpoint would SIGSTOP this very JVM, every node and the test with it.
        node.onPause(pauseActions.getOrDefault(id, () -> { }));
        node.clock(() -> System.currentTimeMillis() + clockOffsets.getOrDefault(id, 0L));
        // A fired failpoint stops just this node (abruptly, from another thread) instead of halting the test JVM.
        node.onCrash(() -> {
            // Marked crashed only once stopped, so that a test may restart it (same ports, same data dir) at once.
            Thread stopper = new Thread(() -> {
                stopNode(id);
                crashed.add(id);
            }, "crash-" + id);
            stopper.setDaemon(true);
            stopper.start();
        });
        node.start();
        nodes.put(id, node);
        return node;
    }

    /** Shifts {@code id}'s wall clock by {@code offsetMs}, now (if it runs) and across restarts. */
    public void skewClock(String id, long offsetMs) {
        clockOffsets.put(id, offsetMs);
    }

    /**
     * What a fired pause failpoint does on {@code id} (instead of nothing), from its next start on: tests hold the
     * pausing thread to see what else the pause holds up.
     */
    public void onPause(String id, Runnable action) {
        pauseActions.put(id, action);
    }

    /** Nodes that crashed at a failpoint since the cluster started (they stay stopped until started again). */
    public boolean crashed(String id) {
        return crashed.contains(id) && !nodes.containsKey(id);
    }

    public void stopNode(String id) {
        ChorusNode node = nodes.remove(id);
        if (node != null) {
            node.stop();
        }
    }

    /** Deletes a stopped node's whole data directory, as if its disk were replaced. */
    public void wipeNode(String id) throws Exception {
        if (nodes.containsKey(id)) {
            throw new IllegalStateException("stop " + id + " before wiping it");
        }
        Path data = config.dataDir(config.node(id).orElseThrow());
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    public List<String> runningNodes() {
        return List.copyOf(nodes.keySet());
    }

    /** The running node that leads {@code groupId} now, waiting for one. */
    public String awaitLeader(String groupId) {
        return Await.value("a leader of " + groupId, WAIT, () -> leaderNow(groupId));
    }

    /** The running node that believes it leads {@code groupId} now, or null. */
    private String leaderNow(String groupId) {
        for (ChorusNode n : nodes.values()) {
            GroupReplica r = n.replica(groupId);
            if (r != null && r.node() != null && r.node().isLeader()) {
                return n.id();
            }
        }
        return null;
    }

    /**
     * Whether every running replica of {@code groupId} has applied everything its leader has committed, and the
     * leader has committed its whole log. A follower learns the commit index only with the next append, so right
     * after a leader crash the survivors may hold committed entries they have not applied yet: a check of their
     * stores is only meaningful once this holds.
     */
    public boolean caughtUp(String groupId) {
        String leaderId = leaderNow(groupId);
        if (leaderId == null) {
            return false;
        }
        Node leader = replica(leaderId, groupId).node();
        if (leader == null || leader.getLastCommittedIndex() < leader.getLastLogIndex()) {
            return false;
        }
        long committed = leader.getLastCommittedIndex();
        for (ChorusNode n : nodes.values()) {
            GroupReplica r = n.replica(groupId);
            if (r != null && (r.node() == null || r.node().getLastAppliedLogIndex() < committed)) {
                return false;
            }
        }
        return true;
    }

    public void awaitLeaders() {
        for (GroupSpec g : config.groups()) {
            awaitLeader(g.id());
        }
    }

    public GroupReplica replica(String nodeId, String groupId) {
        return nodes.get(nodeId).replica(groupId);
    }

    /** Takes a snapshot of {@code groupId} on {@code nodeId} and waits for it to finish. */
    public void snapshot(String nodeId, String groupId) throws Exception {
        Node node = replica(nodeId, groupId).node();
        CompletableFuture<Status> done = new CompletableFuture<>();
        node.snapshot(done::complete);
        Status status = done.get(30, TimeUnit.SECONDS);
        if (!status.isOk()) {
            throw new AssertionError("snapshot of " + groupId + " on " + nodeId + " failed: " + status);
        }
    }

    /** All key-value pairs in one replica's store, for comparing replicas. */
    public Map<String, String> contents(String nodeId, String groupId) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KvResponse.KeyValue kv : replica(nodeId, groupId).store().scan(new byte[0], new byte[0], Integer.MAX_VALUE).entries()) {
            out.put(new String(kv.key()), new String(kv.value()));
        }
        return out;
    }

    /** Adds a link fault on one node (tests that do not go through the admin API). */
    public void injectFault(String nodeId, dev.chorus.faults.LinkFault fault) {
        nodes.get(nodeId).faults().add(List.of(fault));
    }

    public void healFaults(String nodeId) {
        nodes.get(nodeId).faults().heal(null, null);
    }

    /** Every running node's status as JSON, for failure messages. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ChorusNode n : nodes.values()) {
            try {
                out.append(dev.chorus.admin.AdminServer.JSON.writeValueAsString(n.status())).append('\n');
            } catch (Exception e) {
                out.append(n.id()).append(": ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    public ChorusClient client() {
        ChorusClient c = new ChorusClient(config, new ClientOptions(Duration.ofSeconds(20), Duration.ofSeconds(2)));
        clients.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        for (ChorusClient c : clients) {
            c.close();
        }
        for (String id : List.copyOf(nodes.keySet())) {
            stopNode(id);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
