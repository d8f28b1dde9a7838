package dev.chorus.node;

import com.alipay.sofa.jraft.rpc.RpcServer;
import dev.chorus.admin.AdminServer;
import dev.chorus.admin.AdminToken;
import dev.chorus.rpc.RaftSenders;
import dev.chorus.security.RaftPeerCheck;
import dev.chorus.security.TlsIdentity;
import dev.chorus.security.TransportPolicy;
import dev.chorus.admin.NodeStatus;
import dev.chorus.faults.Failpoints;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.config.DataDirCheck;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.HostPort;
import dev.chorus.config.NodeSpec;
import dev.chorus.events.EventLog;
import dev.chorus.events.NodeEvent;
import dev.chorus.faults.FaultInjectingRpcServer;
import dev.chorus.faults.FaultTable;
import dev.chorus.metrics.NodeMetrics;
import dev.chorus.raft.ExecutorGroupListener;
import dev.chorus.raft.GroupListener;
import dev.chorus.raft.GroupReplica;
import dev.chorus.rpc.KvRequestProcessor;
import dev.chorus.rpc.RaftRpcServers;
import dev.chorus.storage.StorageException;
import dev.chorus.storage.StorageResources;
import dev.chorus.storage.StoreFailpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One Chorus node: a replica of every group the cluster file assigns to it, all sharing one RPC server (Raft and
 * client traffic on the node's raft address), plus the admin HTTP API. A node is a plain object: it can be started
 * and stopped many times in one JVM, which the tests rely on.
 *
 * <p>Its data directory holds {@code groups/GROUP/...} per replica and a {@code LOCK} file held while it runs, so
 * two processes never open the same data.
 *
 * <p>This class is the node's lifecycle: it starts and stops the parts in order. What they do is in their own
 * classes: {@link NodeAdminRoutes} (the admin API), {@link NodeGroupListener} (what role changes, applies and
 * snapshots record), {@link LeaderSpreading}, {@link CatchUpEvents}, {@link NodeExtensions}, {@link DataDirLock}.
 */
public final class ChorusNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChorusNode.class);
    /**
     * Threads serving local reads: each holds at most one scan page (4 MiB) while it builds it, so this also bounds
     * the memory reads take at once.
     */
    private static final int READ_THREADS = 8;
    /** Reads waiting for a read thread, at most; beyond, a read is answered BUSY (the client retries). */
    private static final int READ_QUEUE = 1024;
    /** Exit status of a process halted by a failpoint (as if killed by SIGKILL). */
    public static final int CRASH_EXIT_CODE = 137;

    private final ClusterConfig cluster;
    private final NodeSpec self;
    private final Path dataDir;
    /** Read by jraft callbacks and RPC threads while start/stop modify it. */
    private final Map<String, GroupReplica> replicas = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ExecutorService> executors = new ArrayList<>();

    private final EventLog events;
    private final NodeMetrics metrics;
    private final LeaderSpreading leaderSpreading;
    private final CatchUpEvents catchUps;

    private DataDirLock lock;
    private RpcServer rpcServer;
    private volatile FaultTable faults;
    private ScheduledExecutorService faultScheduler;
    private StorageResources resources;
    private volatile HostedGroups hosted;
    private AdminServer admin;
    private ScheduledExecutorService housekeeping;
    /**
     * Runs the replicas' listener callbacks, one at a time in the order jraft made them, instead of jraft's
     * state-machine thread ({@link ExecutorGroupListener} says why). Started and stopped with the node.
     */
    private ThreadPoolExecutor listenerExecutor;
    /** The thread of {@link #listenerExecutor}: a stop called from it must not wait for itself. */
    private volatile Thread listenerThread;
    /** This node's TLS identity while it runs; empty when the cluster has no TLS. */
    private Optional<TlsIdentity> identity = Optional.empty();
    private NodeExtensions extensions;
    private volatile Runnable crashAction = () -> Runtime.getRuntime().halt(CRASH_EXIT_CODE);
    /** SIGSTOP of this very process; the signal stops every thread, this one included, until SIGCONT. */
    private volatile Runnable pauseAction = () -> {
        try {
            new ProcessBuilder("kill", "-STOP", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
        } catch (IOException e) {
            LOG.error("cannot pause this process: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };
    private volatile Failpoints failpoints;
    private volatile List<String> failpointsAtStart = List.of();
    private volatile java.util.function.LongSupplier clock = System::currentTimeMillis;
    private final java.util.concurrent.atomic.AtomicLong lastStamp = new java.util.concurrent.atomic.AtomicLong();
    private volatile long startedAtMs;
    private volatile boolean running;

    public ChorusNode(ClusterConfig cluster, String nodeId) throws ConfigException {
        this.cluster = cluster;
        this.self = cluster.node(nodeId).orElseThrow(() -> new ConfigException("node '" + nodeId
                + "' is not in the cluster file (known: " + cluster.nodes().stream().map(NodeSpec::id).toList() + ")"));
        this.dataDir = cluster.dataDir(self);
        this.events = new EventLog(self.id(), 1000);
        this.metrics = new NodeMetrics(this::status, this::diskUsage);
        this.leaderSpreading = new LeaderSpreading(self.id(), replicas::values, () -> startedAtMs);
        this.catchUps = new CatchUpEvents(self.id(), replicas::values, events);
    }

    /** The link faults this node enforces (while it runs). */
    public FaultTable faults() {
        return faults;
    }

    /** This node's recent events and their live stream ({@code GET /events}). */
    public EventLog events() {
        return events;
    }

    public String id() {
        return self.id();
    }

    /**
     * What a fired failpoint does; by default {@code Runtime.halt}. Tests that run several nodes in one JVM set an
     * abrupt stop of this node instead. Takes effect at the next start.
     */
    public void onCrash(Runnable action) {
        this.crashAction = action;
    }

    /**
     * What a fired pause failpoint does; by default SIGSTOP of this process. Tests that run nodes in one JVM must
     * replace it (stopping the JVM would stop them all). Takes effect at the next start.
     */
    public void onPause(Runnable action) {
        this.pauseAction = action;
    }

    /**
     * This node's wall clock (default: the system's). Tests skew it to show that no clock offset can break a
     * guarantee: group time ({@code GroupTime}) depends only on the leaders' clock rates.
     */
    public void clock(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    public long now() {
        return clock.getAsLong();
    }

    /**
     * This node's clock for stamping log entries: never decreasing, even if the clock steps back, so that a leader's
     * estimate of its group's time ({@code GroupTime.currentFor}) stays a lower bound of its later entries' times.
     */
    private long stamp() {
        return lastStamp.accumulateAndGet(clock.getAsLong(), Math::max);
    }

    /**
     * Failpoints to arm at the next start, before any replica starts (with fault injection enabled in the cluster
     * file), so that a crash in what a node does while starting (loading or installing a snapshot) can be tested.
     */
    public void armAtStart(List<String> names) {
        this.failpointsAtStart = List.copyOf(names);
    }

    /** This node's failpoints (while it runs). */
    public Failpoints failpoints() {
        return failpoints;
    }

    public ClusterConfig cluster() {
        return cluster;
    }

    NodeMetrics metrics() {
        return metrics;
    }

    public synchronized void start() throws ConfigException, IOException {
        if (running) {
            return;
        }
        DataDirCheck.requireWritable(dataDir);
        // Before anything is written: a token file others can read is refused (ConfigException, one line).
        AdminToken adminToken = AdminToken.load(cluster.adminTokenFile());
        identity = TransportPolicy.identityFor(cluster, self);
        try {
            Files.createDirectories(dataDir);
            lock = DataDirLock.acquire(dataDir);
            listenerExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                    r -> listenerThread = daemon(r, "chorus-listener-" + self.id()),
                    // Only once the node has stopped, when its replicas are gone: nothing is left to record.
                    new ThreadPoolExecutor.DiscardPolicy());
            startRpcServer();
            resources = StorageResources.defaults();
            failpoints = new Failpoints(cluster.faultInjection(), crashAction, pauseAction,
                    (type, name) -> events.record(null, type, Map.of("failpoint", name)));
            armFailpointsAtStart(false);
            hosted = new HostedGroups(cluster, self.id(), dataDir);
            for (GroupSpec g : hosted.hosted()) {
                replicas.put(g.id(), newReplica(g, hosted.bootstraps(g.id())));
            }
            for (GroupReplica r : replicas.values()) {
                r.start();
            }
            admin = new AdminServer(self.admin(), adminToken);
            new NodeAdminRoutes(this).register(admin);
            extensions = new NodeExtensions(this, admin, rpcServer, identity);
            extensions.start();
            armFailpointsAtStart(true);
            admin.start();
            startedAtMs = System.currentTimeMillis();
            housekeeping = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chorus-housekeeping-" + self.id()));
            housekeeping.scheduleWithFixedDelay(() -> {
                if (running) {
                    leaderSpreading.spreadOnce();
                }
            }, 1, 1, TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(catchUps::check, 1, 1, TimeUnit.SECONDS);
            running = true;
            events.record(null, NodeEvent.Types.NODE_STARTED, Map.of("pid", ProcessHandle.current().pid()));
            LOG.info("node {} started: raft+client {}, admin http://{}, {} groups, data {}", self.id(), self.raft(),
                    self.admin(), replicas.size(), dataDir);
        } catch (IOException | RuntimeException e) {
            try {
                stopQuietly();
            } catch (RuntimeException cleanup) {
                // The start-up error is what the operator needs to see; a failure to clean up after it is secondary.
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private GroupReplica newReplica(GroupSpec g, boolean bootstrap) throws IOException {
        GroupListener listener = new NodeGroupListener(self.id(), replicas::get, events, metrics, leaderSpreading,
                () -> failpoints);
        return new GroupReplica(cluster, self, g, groupDir(g.id()), rpcServer, resources,
                new ExecutorGroupListener(listener, listenerExecutor), bootstrap, storeFailpoints());
    }

    private void armFailpointsAtStart(boolean extensionsStarted) {
        if (!cluster.faultInjection()) {
            return;
        }
        for (String name : failpointsAtStart) {
            // Extensions declare their failpoints when they start: theirs are armed in the second pass.
            if (Failpoints.BUILT_IN.contains(name) != extensionsStarted) {
                failpoints.arm(name);
            }
        }
    }

    /**
     * These failpoints stay on the thread that writes, saves or installs (jraft's state-machine thread, mostly): they
     * stand for a failure or a crash in the middle of that very operation, which a later run on another thread
     * could not be.
     */
    private StoreFailpoints storeFailpoints() {
        Failpoints fp = failpoints;
        return new StoreFailpoints(() -> {
            if (fp.take(Failpoints.STORE_WRITE_ERROR)) {
                throw new StorageException("write failed: injected by failpoint " + Failpoints.STORE_WRITE_ERROR, null);
            }
        }, () -> fp.hit(Failpoints.SNAPSHOT_INSTALL_CRASH), () -> fp.hit(Failpoints.SNAPSHOT_SAVE_CRASH));
    }

    private Path groupDir(String groupId) {
        return dataDir.resolve("groups").resolve(groupId);
    }

    /**
     * Starts a replica of {@code groupId} here, empty, for a membership change to add (the leader then brings it up
     * to date by snapshot and log). Remembered across restarts.
     */
    public synchronized void addReplica(String groupId) throws IOException {
        GroupSpec g = cluster.group(groupId).orElseThrow(() -> new IllegalArgumentException("unknown group '" + groupId + "'"));
        if (replicas.containsKey(groupId)) {
            throw new IllegalStateException("node " + self.id() + " already hosts a replica of " + groupId);
        }
        dev.chorus.storage.GroupStore.deleteRecursively(groupDir(groupId));
        hosted.set(groupId, true);
        GroupReplica r = newReplica(g, false);
        replicas.put(groupId, r);
        r.start();
        events.record(groupId, NodeEvent.Types.REPLICA_ADDED, Map.of());
    }

    /** Stops this node's replica of {@code groupId} and deletes its data; remembered across restarts. */
    public synchronized void dropReplica(String groupId) throws IOException {
        GroupReplica r = replicas.remove(groupId);
        if (r == null) {
            throw new IllegalStateException("node " + self.id() + " hosts no replica of " + groupId);
        }
        hosted.set(groupId, false);
        r.shutdown();
        try {
            r.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dev.chorus.storage.GroupStore.deleteRecursively(groupDir(groupId));
        events.record(groupId, NodeEvent.Types.REPLICA_DROPPED, Map.of());
    }

    private void startRpcServer() throws IOException {
        HostPort raft = self.raft();
        dev.chorus.protocol.WireSerializers.registerEnvelopes();
        ThreadPoolExecutor raftExecutor = pool("chorus-raft-rpc-" + self.id(), 8, new java.util.concurrent.LinkedBlockingQueue<>());
        // Raft traffic passes through the fault layer; without faults configured it is a straight pass-through.
        faults = new FaultTable(cluster.faultInjection() ? dataDir.resolve("faults.json") : null);
        faultScheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chorus-fault-delay-" + self.id()));
        Map<String, String> nodeIdByAddress = new java.util.HashMap<>();
        cluster.nodes().forEach(n -> nodeIdByAddress.put(n.raft().host() + ":" + n.raft().port(), n.id()));
        // Room in a frame for the largest request plus its envelope, or an append carrying it.
        rpcServer = new FaultInjectingRpcServer(RaftRpcServers.boundTo(raft.host(), raft.port(),
                cluster.limits().maxRequestBytes() + (1 << 20), identity),
                self.id(), nodeIdByAddress, faults, faultScheduler, metrics::faultMessage);
        // The Raft messages only: jraft's CLI service (reset/change peers, ...) is deliberately not served. With TLS,
        // only from the node each message claims to come from.
        RaftSenders senders = new RaftSenders(nodeIdByAddress);
        RaftRpcServers.addRaftCoreProcessors(rpcServer, raftExecutor,
                identity.map(i -> new RaftPeerCheck(senders::of)));
        // Client requests are decoded, validated and proposed on the network thread; reads move to the read pool
        // (KvRequestProcessor's class comment says why).
        ThreadPoolExecutor reads = pool("chorus-kv-read-" + self.id(), READ_THREADS,
                new java.util.concurrent.ArrayBlockingQueue<>(READ_QUEUE));
        rpcServer.registerProcessor(new KvRequestProcessor(replicas::get,
                g -> hosted != null && hosted.hosts(g), g -> cluster.group(g).isPresent(), cluster.limits(),
                reads, this::readPauseFailpoint, metrics::request, this::stamp));
        boolean listening;
        try {
            listening = rpcServer.init(null);
        } catch (RuntimeException e) {
            // Bolt has already shut the server down (a second shutdown would throw "this component has closed" and
            // hide this error); the root cause says why, e.g. "bind(..) failed: Address already in use".
            rpcServer = null;
            throw new IOException("cannot listen on raft address " + raft + ": " + rootMessage(e), e);
        }
        if (!listening) {
            throw new IOException("cannot listen on raft address " + raft + " (port in use?)");
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /** Pauses here if the read-pause failpoint is armed (failpoints exist once the node has started). */
    private void readPauseFailpoint() {
        Failpoints fp = failpoints;
        if (fp != null) {
            fp.pause(Failpoints.READ_PAUSE);
        }
    }

    private ThreadPoolExecutor pool(String name, int threads, java.util.concurrent.BlockingQueue<Runnable> queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue, r -> daemon(r, name));
        executors.add(pool);
        return pool;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public NodeStatus status() {
        long now = System.currentTimeMillis();
        NodeStatus.NodeInfo info = new NodeStatus.NodeInfo(self.id(), running, self.raftAddress(), self.adminAddress(),
                ProcessHandle.current().pid(), startedAtMs, running ? now - startedAtMs : 0, clock.getAsLong());
        List<NodeStatus.GroupView> groups = new ArrayList<>();
        for (GroupSpec g : cluster.groups()) {
            GroupReplica r = replicas.get(g.id());
            if (r != null) {
                groups.add(r.view(self.id()));
            }
        }
        FaultTable table = faults;
        Failpoints fp = failpoints;
        return new NodeStatus(info, groups, table == null ? List.of() : table.list(), fp == null ? List.of() : fp.armed());
    }

    private java.util.Map<String, NodeMetrics.DiskUsage> diskUsage() {
        java.util.Map<String, NodeMetrics.DiskUsage> out = new java.util.TreeMap<>();
        for (String g : replicas.keySet()) {
            out.put(g, new NodeMetrics.DiskUsage(bytesUnder(groupDir(g).resolve("log")), bytesUnder(groupDir(g).resolve("snapshot"))));
        }
        return out;
    }

    private static long bytesUnder(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // being compacted or replaced right now: report nothing rather than fail the scrape
        }
    }

    public GroupReplica replica(String groupId) {
        return replicas.get(groupId);
    }

    public List<GroupReplica> replicas() {
        return List.copyOf(replicas.values());
    }

    public synchronized void stop() {
        if (!running && rpcServer == null) {
            return;
        }
        stopQuietly();
        LOG.info("node {} stopped", self.id());
    }

    private void stopQuietly() {
        if (running) {
            events.record(null, NodeEvent.Types.NODE_STOPPING, Map.of());
        }
        running = false;
        if (housekeeping != null) {
            housekeeping.shutdownNow();
            housekeeping = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (extensions != null) {
            extensions.close();
            extensions = null;
        }
        for (GroupReplica r : replicas.values()) {
            r.shutdown();
        }
        for (GroupReplica r : replicas.values()) {
            try {
                r.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        replicas.clear();
        stopListenerThread();
        if (rpcServer != null) {
            rpcServer.shutdown();
            rpcServer = null;
        }
        if (faultScheduler != null) {
            faultScheduler.shutdownNow();
            faultScheduler = null;
        }
        if (resources != null) {
            resources.close();
            resources = null;
        }
        for (ExecutorService e : executors) {
            e.shutdownNow();
        }
        executors.clear();
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /**
     * Once the replicas have stopped no callback comes any more: the ones queued (the last role changes) are still
     * recorded, in a few milliseconds. Not waited for on that very thread (a failpoint's in-process crash stops the
     * node from another thread, but a crash action might not).
     */
    private void stopListenerThread() {
        if (listenerExecutor == null) {
            return;
        }
        listenerExecutor.shutdown();
        try {
            if (Thread.currentThread() != listenerThread && !listenerExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("node {}: listener callbacks still running after 5 s; left to finish on their own", self.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listenerExecutor = null;
    }

    @Override
    public void close() {
        stop();
    }
}
