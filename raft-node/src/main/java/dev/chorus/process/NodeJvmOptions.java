package dev.chorus.process;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options of a node process: the user's {@code CHORUS_NODE_JAVA_OPTS}, a default heap and collector where
 * the user chose none, and {@code -XX:+ExitOnOutOfMemoryError} always.
 *
 * <p>Exiting on OutOfMemoryError matters because an OOM thrown in one thread leaves the others running: a node
 * whose Raft timers or network threads died keeps its pid, its ports and its pid file, and looks alive to every
 * tool while it serves nothing. Dead is better: the JVM prints "Terminating due to java.lang.OutOfMemoryError" into
 * the node's log, which {@link NodeLogCause} reports, and the group elects a leader elsewhere.
 */
final class NodeJvmOptions {
    static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";
    /**
     * 1 GiB is plenty for a node (RocksDB's block cache and memtables are off-heap) and keeps three local nodes on a
     * laptop; starting at 256 MiB avoids early resizing during start-up.
     */
    static final List<String> DEFAULT_HEAP = List.of("-Xms256m", "-Xmx1g");
    static final String DEFAULT_GC = "-XX:+UseG1GC";

    private NodeJvmOptions() {
    }

    /** @param userOptions {@code CHORUS_NODE_JAVA_OPTS} (whitespace-separated), or null */
    static List<String> of(String userOptions) {
        List<String> user = userOptions == null ? List.of()
                : Arrays.stream(userOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        List<String> out = new ArrayList<>();
        // Any heap option of the user's replaces the whole default: a lone -Xms2g next to our -Xmx1g would stop the
        // JVM from starting ("initial heap size set to a larger value than the maximum heap size").
        if (user.stream().noneMatch(NodeJvmOptions::sizesHeap)) {
            out.addAll(DEFAULT_HEAP);
        }
        // Two collectors on one command line also stop the JVM from starting.
        if (user.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w*GC"))) {
            out.add(DEFAULT_GC);
        }
        out.addAll(user);
        // Last, so that no user option can turn it off.
        out.add(EXIT_ON_OOM);
        return out;
    }

    private static boolean sizesHeap(String option) {
        return option.startsWith("-Xmx") || option.startsWith("-Xms")
                || option.matches("-XX:(Max|Initial|Min)HeapSize=.*")
                || option.matches("-XX:(Max|Initial|Min)RAMPercentage=.*")
                || option.startsWith("-XX:MaxRAM=");
    }
}
