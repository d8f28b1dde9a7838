package dev.chorus.process;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node processes of a cluster run on this machine, controlled through the pid files in the cluster directory
 * ({@code DIR/NODE.pid}, logs in {@code DIR/logs/NODE.log}): start, stop (SIGTERM, then SIGKILL), kill (SIGKILL: no
 * shutdown hook runs), pause (SIGSTOP) and resume (SIGCONT). Any program with access to the directory (the CLI, the
 * scripts, the dashboard) controls the same processes, so no long-lived supervisor is needed and restarting a killed
 * node does not need the shell that started it.
 *
 * <p>A pid file is trusted only once the live process it names proves to be that node ({@link NodeProcessIdentity});
 * otherwise it is stale: reported in one line to {@code notices}, removed, and the process it names is left alone.
 * A stopped node whose last run ended in a failure carries the cause its log gives ({@link NodeLogCause}).
 */
public final class LocalNodeProcesses {
    /** What the OS says about a node's process. */
    public enum State { RUNNING, PAUSED, STOPPED }

    /** @param exit for a stopped node whose last run ended in a failure, why; else null */
    public record NodeProcess(String node, State state, Long pid, ExitCause exit) {
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final ClusterConfig cluster;
    private final Path dir;
    private final Path clusterFile;
    private final NodeProcessIdentity identity;
    private final ShiftableClocks clocks;
    private final Consumer<String> notices;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** @param notices told, in one line each, about stale pid files found and removed */
    public LocalNodeProcesses(ClusterConfig cluster, Consumer<String> notices) {
        this.cluster = cluster;
        this.dir = cluster.baseDir().toAbsolutePath().normalize();
        this.clusterFile = dir.resolve("cluster.json");
        this.identity = new NodeProcessIdentity(clusterFile);
        this.clocks = new ShiftableClocks(dir);
        this.notices = notices;
    }

    private NodeSpec spec(String node) {
        return cluster.node(node).orElseThrow(() -> new IllegalArgumentException("unknown node '" + node + "' (known: "
                + cluster.nodes().stream().map(NodeSpec::id).toList() + ")"));
    }

    private Path pidFile(String node) {
        return dir.resolve(node + ".pid");
    }

    private NodeLog log(String node) {
        return new NodeLog(dir.resolve("logs").resolve(node + ".log"), node);
    }

    /** The node's live process, verified against its pid file; a pid file that does not name it is stale. */
    private Optional<ProcessHandle> process(String node) {
        Path f = pidFile(node);
        PidFile recorded;
        try {
            Optional<PidFile> read = PidFile.read(f);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            recorded = read.get();
        } catch (IOException e) {
            removeStale(node, f, "cannot be used (" + e.getMessage() + ")");
            return Optional.empty();
        }
        Optional<ProcessHandle> live = ProcessHandle.of(recorded.pid()).filter(ProcessHandle::isAlive);
        if (live.isEmpty()) {
            removeStale(node, f, "names pid " + recorded.pid() + ", which is not running");
            return Optional.empty();
        }
        if (identity.mismatch(live.get(), node, recorded).isPresent()) {
            removeStale(node, f, "names pid " + recorded.pid() + ", which is not this node");
            return Optional.empty();
        }
        return live;
    }

    private void removeStale(String node, Path file, String why) {
        try {
            Files.deleteIfExists(file);
            notices.accept(node + ": stale pid file " + file + " " + why + "; removed");
        } catch (IOException e) {
            notices.accept(node + ": stale pid file " + file + " " + why + "; could not remove it: " + e.getMessage());
        }
    }

    public List<NodeProcess> list() {
        List<NodeProcess> out = new ArrayList<>();
        for (NodeSpec n : cluster.nodes()) {
            out.add(describe(n.id()));
        }
        return out;
    }

    public NodeProcess describe(String node) {
        spec(node);
        Optional<ProcessHandle> p = process(node);
        if (p.isEmpty()) {
            return new NodeProcess(node, State.STOPPED, null, exitCause(node).orElse(null));
        }
        return new NodeProcess(node, isStopped(p.get().pid()) ? State.PAUSED : State.RUNNING, p.get().pid(), null);
    }

    private Optional<ExitCause> exitCause(String node) {
        try {
            return NodeLogCause.of(log(node).tail());
        } catch (IOException e) {
            return Optional.empty(); // an unreadable log tells nothing; the node is stopped all the same
        }
    }

    /** Linux: the process state letter in /proc/PID/stat is 'T' while stopped by SIGSTOP. */
    private static boolean isStopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && (stat.charAt(close + 2) == 'T' || stat.charAt(close + 2) == 't');
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The command line that runs {@code node}: JVM options (see {@link NodeJvmOptions}), then NodeMain and its
     * arguments; through {@code setsid} where there is one, so the node leads a session of its own: a Ctrl-C meant for
     * the program that started it (a {@code chorus verify} run restarting nodes, the dashboard) never reaches it.
     * setsid execs in place (a fresh child is no process-group leader), so the pid stays the JVM's.
     */
    List<String> command(String node) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(NodeJvmOptions.of(System.getenv("CHORUS_NODE_JAVA_OPTS")));
        command.add("-Dlogging.path=" + dir.resolve("logs"));
        command.add("-cp");
        command.add(ownJar());
        command.add(NodeProcessIdentity.MAIN_CLASS);
        command.add("--cluster");
        command.add(clusterFile.toString());
        command.add("--node");
        command.add(node);
        return command;
    }

    /**
     * Starts the node's process unless it runs, and waits until its admin API answers. A process that exits first
     * is a {@link NodeStartException} naming the cause its log gives.
     */
    public NodeProcess start(String node) throws IOException, InterruptedException {
        NodeSpec spec = spec(node);
        if (process(node).isPresent()) {
            return describe(node);
        }
        ProcessBuilder builder = new ProcessBuilder(command(node));
        if ("1".equals(System.getenv(ShiftableClocks.ENABLE_ENV))) {
            clocks.enable();
        }
        if (clocks.enabled()) {
            try {
                builder.environment().putAll(clocks.environment(node));
            } catch (IOException e) {
                throw new NodeStartException(node, e.getMessage());
            }
        }
        NodeLog log = log(node);
        log.starting();
        Process p = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        new PidFile(p.pid(), p.info().startInstant().orElse(null)).write(pidFile(node));
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                Files.deleteIfExists(pidFile(node));
                // Everything the process wrote is in the log by now: it wrote to the file itself, and has exited.
                String cause = NodeLogCause.of(log.tail()).map(ExitCause::message)
                        .orElse("exited with code " + p.exitValue() + "; nothing in " + log.file() + " says why");
                throw new NodeStartException(node, cause);
            }
            if (answers(spec)) {
                return describe(node);
            }
            Thread.sleep(100); // polling the new process, bounded by START_WAIT
        }
        throw new NodeStartException(node, "no answer on its admin address " + spec.adminAddress() + " within "
                + START_WAIT.toSeconds() + " s; it still runs as pid " + p.pid() + ", see " + log.file());
    }

    /** True when {@code node} runs, under a clock {@link #shiftClock} can move. */
    public boolean clockShiftable(String node) {
        spec(node);
        return process(node).map(p -> clocks.runsShifted(p.pid(), node)).orElse(false);
    }

    /**
     * Sets the running {@code node}'s wall clock to {@code offsetMs} from the true time (0: the true time again); the
     * process sees it within a second. Refused, naming the remedy, when the node does not run under a shiftable clock.
     */
    public long shiftClock(String node, long offsetMs) throws IOException {
        spec(node);
        if (!clockShiftable(node)) {
            throw new IllegalStateException(node + " does not run under a shiftable clock: start the cluster with "
                    + "scripts/start-cluster.sh --shiftable-clocks (needs the faketime package), or restart the node with "
                    + ShiftableClocks.ENABLE_ENV + "=1");
        }
        clocks.shift(node, offsetMs);
        return clocks.offsetMs(node);
    }

    private boolean answers(NodeSpec spec) throws InterruptedException {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + spec.adminAddress() + "/status"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM (a paused node is resumed first so it can shut down), SIGKILL after the grace period. */
    public NodeProcess stop(String node) throws IOException, InterruptedException {
        spec(node);
        Optional<ProcessHandle> p = process(node);
        if (p.isPresent()) {
            log(node).stopping(p.get().pid());
            signal(p.get().pid(), "CONT");
            p.get().destroy();
            try {
                p.get().onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                p.get().destroyForcibly();
                p.get().onExit().join();
            }
            Files.deleteIfExists(pidFile(node));
        }
        return describe(node);
    }

    /** SIGKILL: the node dies at once, no shutdown hook runs. */
    public NodeProcess kill(String node) throws IOException {
        spec(node);
        Optional<ProcessHandle> p = process(node);
        if (p.isPresent()) {
            log(node).killing(p.get().pid());
            p.get().destroyForcibly();
            p.get().onExit().join();
            Files.deleteIfExists(pidFile(node));
        }
        return describe(node);
    }

    public NodeProcess pause(String node) throws IOException, InterruptedException {
        signal(requireRunning(node), "STOP");
        return describe(node);
    }

    public NodeProcess resume(String node) throws IOException, InterruptedException {
        signal(requireRunning(node), "CONT");
        return describe(node);
    }

    public NodeProcess restart(String node) throws IOException, InterruptedException {
        stop(node);
        return start(node);
    }

    private long requireRunning(String node) {
        spec(node);
        return process(node).map(ProcessHandle::pid).orElseThrow(() -> new IllegalStateException("node " + node + " is not running"));
    }

    /** Java has no API for SIGSTOP/SIGCONT; kill(1) does it. Only called with a pid just verified to be the node. */
    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** The jar nodes run from: $CHORUS_JAR (set by the scripts), else the jar this class was loaded from. */
    private static String ownJar() {
        String configured = System.getenv("CHORUS_JAR");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            return Path.of(LocalNodeProcesses.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
