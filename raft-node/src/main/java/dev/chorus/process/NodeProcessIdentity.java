package dev.chorus.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a live process is the node its pid file says it is, before anything signals it. A pid file can
 * outlive its process (a node killed with its machine, a directory copied elsewhere), and the OS reuses pids: a
 * stale file may name a shell, an editor or another cluster's node. The process must run {@code NodeMain} with
 * {@code --node ID} and this cluster's file, and have started when the pid file says it did.
 */
final class NodeProcessIdentity {
    static final String MAIN_CLASS = "dev.chorus.node.NodeMain";

    private final Path clusterFile;

    /** @param clusterFile the cluster file the nodes of this cluster are started with (absolute) */
    NodeProcessIdentity(Path clusterFile) {
        this.clusterFile = clusterFile.toAbsolutePath().normalize();
    }

    /** Empty if {@code process} is node {@code node} of this cluster as recorded in {@code recorded}; else why it is not. */
    Optional<String> mismatch(ProcessHandle process, String node, PidFile recorded) {
        List<String> args = arguments(process);
        if (args.isEmpty()) {
            return Optional.of("its command line cannot be read");
        }
        int main = args.indexOf(MAIN_CLASS);
        if (main < 0) {
            return Optional.of("it does not run " + MAIN_CLASS);
        }
        List<String> nodeArgs = args.subList(main + 1, args.size());
        if (!node.equals(option(nodeArgs, "--node"))) {
            return Optional.of("it runs node " + option(nodeArgs, "--node"));
        }
        String cluster = option(nodeArgs, "--cluster");
        if (cluster == null || !samePath(cluster)) {
            return Optional.of("it runs the cluster in " + cluster);
        }
        if (recorded.started() != null) {
            // Pid files written before start times were recorded pass on their command line alone: a node of this
            // cluster found by its pid is that node, whatever started it.
            Optional<Instant> started = process.info().startInstant();
            if (started.isEmpty()) {
                return Optional.of("its start time cannot be read");
            }
            if (started.get().toEpochMilli() != recorded.started().toEpochMilli()) {
                return Optional.of("it started at " + started.get() + ", not at " + recorded.started());
            }
        }
        return Optional.empty();
    }

    /** The value of {@code --name V} or {@code --name=V}, or null. */
    private static String option(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(name) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(name + "=")) {
                return args.get(i).substring(name.length() + 1);
            }
        }
        return null;
    }

    private boolean samePath(String other) {
        Path p = Path.of(other).toAbsolutePath().normalize();
        if (p.equals(clusterFile)) {
            return true;
        }
        try {
            return Files.isSameFile(p, clusterFile); // symlinked directories (e.g. /tmp on some systems)
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The process's full command line: {@code /proc/PID/cmdline} on Linux (complete, however long), else what
     * ProcessHandle offers; empty when neither can be read (e.g. another user's process).
     */
    static List<String> arguments(ProcessHandle process) {
        Path proc = Path.of("/proc", String.valueOf(process.pid()), "cmdline");
        try {
            String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
            if (!raw.isEmpty()) {
                return List.of(raw.split("\0"));
            }
        } catch (IOException e) {
            // no /proc (not Linux) or the process is gone: fall back
        }
        List<String> out = new ArrayList<>();
        ProcessHandle.Info info = process.info();
        info.command().ifPresent(out::add);
        info.arguments().ifPresent(a -> out.addAll(Arrays.asList(a)));
        return out;
    }
}
