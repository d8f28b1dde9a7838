package dev.chorus.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identity checks against real processes: {@code sleep}, and a shell whose command line reads like a node's
 * ({@code bash -c '...' dev.chorus.node.NodeMain --cluster FILE --node n1}), so that every part of the check can be
 * made to pass or fail on its own.
 */
class NodeProcessIdentityTest {
    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killStarted() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    /** A shell that waits, with arguments like node {@code node}'s of the cluster file {@code cluster}. */
    private Process nodeLike(Path cluster, String node) throws IOException {
        // "; exit" keeps bash from exec-ing sleep in its place, which would replace the command line.
        return start("bash", "-c", "sleep 600; exit 0", NodeProcessIdentity.MAIN_CLASS, "--cluster", cluster.toString(), "--node", node);
    }

    private static PidFile recorded(Process p) {
        return new PidFile(p.pid(), p.info().startInstant().orElseThrow());
    }

    @Test
    void aProcessThatDoesNotRunTheNodeIsNotIt() throws IOException {
        Process sleep = start("sleep", "600");
        Optional<String> why = new NodeProcessIdentity(dir.resolve("cluster.json")).mismatch(sleep.toHandle(), "n1", recorded(sleep));
        assertEquals(Optional.of("it does not run dev.chorus.node.NodeMain"), why);
    }

    @Test
    void theNodeOfThisClusterStartedWhenRecordedIsIt() throws IOException {
        Path cluster = Files.writeString(dir.resolve("cluster.json"), "{}");
        Process node = nodeLike(cluster, "n1");
        NodeProcessIdentity identity = new NodeProcessIdentity(cluster);
        assertEquals(Optional.empty(), identity.mismatch(node.toHandle(), "n1", recorded(node)));
        // Written before start times were recorded: the command line alone decides.
        assertEquals(Optional.empty(), identity.mismatch(node.toHandle(), "n1", new PidFile(node.pid(), null)));
        // The same file reached through another spelling of its path.
        assertEquals(Optional.empty(), new NodeProcessIdentity(dir.resolve("x").resolve("..").resolve("cluster.json"))
                .mismatch(node.toHandle(), "n1", recorded(node)));
    }

    @Test
    void anotherNodeAnotherClusterOrAnotherStartTimeIsNotIt() throws IOException {
        Path cluster = Files.writeString(dir.resolve("cluster.json"), "{}");
        Path otherCluster = Files.writeString(Files.createDirectories(dir.resolve("other")).resolve("cluster.json"), "{}");
        Process node = nodeLike(cluster, "n1");
        NodeProcessIdentity identity = new NodeProcessIdentity(cluster);
        assertEquals(Optional.of("it runs node n1"), identity.mismatch(node.toHandle(), "n2", recorded(node)));
        assertEquals(Optional.of("it runs the cluster in " + cluster),
                new NodeProcessIdentity(otherCluster).mismatch(node.toHandle(), "n1", recorded(node)));
        Instant actual = node.info().startInstant().orElseThrow();
        Optional<String> why = identity.mismatch(node.toHandle(), "n1", new PidFile(node.pid(), actual.minusSeconds(60)));
        assertTrue(why.isPresent() && why.get().startsWith("it started at "), String.valueOf(why));
    }

    @Test
    void pidFilesKeepThePidAloneOnTheFirstLineAndRoundTrip() throws IOException {
        Path f = dir.resolve("n1.pid");
        PidFile written = new PidFile(1234, Instant.parse("2026-11-28T18:45:01.150Z"));
        written.write(f);
        assertEquals("1234", Files.readAllLines(f).get(0));
        assertEquals(Optional.of(written), PidFile.read(f));
        Files.writeString(f, "77\n");
        assertEquals(Optional.of(new PidFile(77, null)), PidFile.read(f), "the format before start times were recorded");
        assertEquals(Optional.empty(), PidFile.read(dir.resolve("none.pid")));
        Files.writeString(f, "not a pid\n");
        try {
            PidFile.read(f);
            throw new AssertionError("a garbage pid file was read");
        } catch (IOException expected) {
            assertEquals("its first line is not a pid: 'not a pid'", expected.getMessage());
        }
    }
}
