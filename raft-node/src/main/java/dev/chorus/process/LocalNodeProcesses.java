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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node processes of a cluster run on this machine, controlled through the pid files in the cluster directory
 * ({@code DIR/NODE.pid}, logs in {@code DIR/logs/NODE.log}): start, stop (SIGTERM, then SIGKILL), kill (SIGKILL: no
 * shutdown hook runs), pause (SIGSTOP) and resume (SIGCONT). Any program with access to the directory (the CLI, the
 * scripts, the dashboard) controls the same processes, so no long-lived supervisor is needed and restarting a killed
 * node does not need the shell that started it.
 */
public final class LocalNodeProcesses {
    /** What the OS says about a node's process. */
    public enum State { RUNNING, PAUSED, STOPPED }

    public record NodeProcess(String node, State state, Long pid) {
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    private final ClusterConfig cluster;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public LocalNodeProcesses(ClusterConfig cluster) {
        this.cluster = cluster;
        this.dir = cluster.baseDir();
    }

    private NodeSpec spec(String node) {
        return cluster.node(node).orElseThrow(() -> new IllegalArgumentException("unknown node '" + node + "' (known: "
                + cluster.nodes().stream().map(NodeSpec::id).toList() + ")"));
    }

    private Path pidFile(String node) {
        return dir.resolve(node + ".pid");
    }

    private Optional<ProcessHandle> process(String node) {
        Path f = pidFile(node);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(f).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
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
            return new NodeProcess(node, State.STOPPED, null);
        }
        return new NodeProcess(node, isStopped(p.get().pid()) ? State.PAUSED : State.RUNNING, p.get().pid());
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

    /** Starts the node's process unless it runs, and waits until its admin API answers. */
    public NodeProcess start(String node) throws IOException, InterruptedException {
        NodeSpec spec = spec(node);
        if (process(node).isPresent()) {
            return describe(node);
        }
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve(node + ".log");
        Files.writeString(log, "=== " + Instant.now() + " starting node " + node + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String opts = System.getenv().getOrDefault("CHORUS_NODE_JAVA_OPTS", "-Xms256m -Xmx1g -XX:+UseG1GC");
        command.addAll(Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.add("-Dlogging.path=" + logs);
        command.add("-cp");
        command.add(ownJar());
        command.add("dev.chorus.node.NodeMain");
        command.add("--cluster");
        command.add(dir.resolve("cluster.json").toString());
        command.add("--node");
        command.add(node);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Files.writeString(pidFile(node), p.pid() + "\n");
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                Files.deleteIfExists(pidFile(node));
                List<String> lines = Files.readAllLines(log);
                throw new IOException("node " + node + " exited with code " + p.exitValue() + " during start-up: "
                        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            }
            if (answers(spec)) {
                return describe(node);
            }
            Thread.sleep(100); // polling the new process, bounded by START_WAIT
        }
        throw new IOException("node " + node + " did not answer on its admin address within " + START_WAIT.toSeconds()
                + " s; see " + log);
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
        Optional<ProcessHandle> p = process(node);
        if (p.isPresent()) {
            signal(p.get().pid(), "CONT");
            p.get().destroy();
            try {
                p.get().onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                p.get().destroyForcibly();
                p.get().onExit().join();
            }
        }
        Files.deleteIfExists(pidFile(node));
        return describe(node);
    }

    /** SIGKILL: the node dies at once, no shutdown hook runs. */
    public NodeProcess kill(String node) throws IOException {
        Optional<ProcessHandle> p = process(node);
        if (p.isPresent()) {
            p.get().destroyForcibly();
            p.get().onExit().join();
        }
        Files.deleteIfExists(pidFile(node));
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
        return process(node).map(ProcessHandle::pid).orElseThrow(() -> new IllegalStateException("node " + node + " is not running"));
    }

    /** Java has no API for SIGSTOP/SIGCONT; kill(1) does it. */
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
