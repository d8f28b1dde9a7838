package dev.chorus.process;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ClusterFile;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pid files that do not name their node, against real processes, and what a stopped node's log says. No node runs
 * here (the end-to-end tests in dist start real ones through the scripts): nothing these tests do may signal a
 * process that is not a node, and they check that nothing did.
 */
class LocalNodeProcessesTest {
    @TempDir
    Path dir;
    private ClusterConfig cluster;
    private final List<String> notices = Collections.synchronizedList(new ArrayList<>());
    private LocalNodeProcesses processes;
    private Process sleep;

    @BeforeEach
    void cluster() throws Exception {
        List<NodeSpec> nodes = List.of(new NodeSpec("n1", "127.0.0.1:1001", "127.0.0.1:2001", "data/n1"),
                new NodeSpec("n2", "127.0.0.1:1002", "127.0.0.1:2002", "data/n2"));
        ClusterFile f = new ClusterFile("t", true, null, nodes,
                List.of(new GroupSpec("g1", new GroupSpec.RangeSpec("", ""), List.of("n1", "n2"), "n1")),
                new ClusterFile.Raft(800, 3600, 0, true, false), null);
        ClusterConfigLoader.write(f, dir.resolve("cluster.json"));
        cluster = ClusterConfigLoader.load(dir.resolve("cluster.json"));
        processes = new LocalNodeProcesses(cluster, notices::add);
    }

    @AfterEach
    void killSleep() {
        if (sleep != null) {
            sleep.destroyForcibly();
        }
    }

    private Path pidFile(String node) {
        return dir.resolve(node + ".pid");
    }

    /** A live process that is not a node, named by n1's pid file as a well-formed pid file would. */
    private long unrelatedProcessInN1sPidFile() throws IOException {
        if (sleep == null) {
            sleep = new ProcessBuilder("sleep", "600").start();
        }
        new PidFile(sleep.pid(), sleep.info().startInstant().orElseThrow()).write(pidFile("n1"));
        return sleep.pid();
    }

    private static char processState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    private void assertLeftAlone(long pid) throws IOException {
        assertTrue(sleep.isAlive(), "the unrelated process still runs");
        assertFalse(processState(pid) == 'T' || processState(pid) == 't', "and is not stopped");
        assertFalse(Files.exists(pidFile("n1")), "the stale pid file is removed");
    }

    @Test
    void killStopPauseResumeAndListNeverSignalAProcessThatIsNotTheNode() throws Exception {
        String notice = "n1: stale pid file " + pidFile("n1") + " names pid %d, which is not this node; removed";
        long pid = unrelatedProcessInN1sPidFile();
        assertEquals(new LocalNodeProcesses.NodeProcess("n1", LocalNodeProcesses.State.STOPPED, null, null), processes.kill("n1"));
        assertLeftAlone(pid);
        assertEquals(List.of(String.format(notice, pid)), notices);

        unrelatedProcessInN1sPidFile();
        assertEquals(LocalNodeProcesses.State.STOPPED, processes.stop("n1").state());
        assertLeftAlone(pid);

        unrelatedProcessInN1sPidFile();
        assertEquals("node n1 is not running", assertThrows(IllegalStateException.class, () -> processes.pause("n1")).getMessage());
        assertLeftAlone(pid);

        unrelatedProcessInN1sPidFile();
        assertThrows(IllegalStateException.class, () -> processes.resume("n1"));
        assertLeftAlone(pid);

        unrelatedProcessInN1sPidFile();
        assertEquals(LocalNodeProcesses.State.STOPPED, processes.list().get(0).state());
        assertLeftAlone(pid);
        assertEquals(Collections.nCopies(5, String.format(notice, pid)), notices, "each stale file reported once, in one line");
    }

    @Test
    void aPidFileNamingADeadProcessOrNoPidAtAllIsStale() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        assertTrue(exited.waitFor(10, TimeUnit.SECONDS));
        new PidFile(exited.pid(), null).write(pidFile("n2"));
        Files.writeString(pidFile("n1"), "garbage\n");
        assertEquals(List.of(LocalNodeProcesses.State.STOPPED, LocalNodeProcesses.State.STOPPED),
                processes.list().stream().map(LocalNodeProcesses.NodeProcess::state).toList());
        assertEquals(List.of("n1: stale pid file " + pidFile("n1") + " cannot be used (its first line is not a pid: 'garbage'); removed",
                "n2: stale pid file " + pidFile("n2") + " names pid " + exited.pid() + ", which is not running; removed"), notices);
        assertFalse(Files.exists(pidFile("n1")) || Files.exists(pidFile("n2")));
        processes.list();
        assertEquals(2, notices.size(), "reported once: the file is gone");
    }

    @Test
    void aStoppedNodeCarriesTheCauseItsLogGives() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        try (InputStream in = getClass().getResourceAsStream("logs/raft-port-in-use.txt")) {
            Files.write(dir.resolve("logs").resolve("n2.log"), in.readAllBytes());
        }
        List<LocalNodeProcesses.NodeProcess> list = processes.list();
        assertNull(list.get(0).exit(), "n1 has no log");
        assertEquals(new ExitCause("cannot listen on raft address 127.0.0.1:24302: bind(..) failed: Address already in use", true),
                list.get(1).exit());
    }

    @Test
    void theNodeCommandLineExitsOnOutOfMemoryAndNamesTheNodeAndItsClusterFile() {
        List<String> command = processes.command("n2");
        assertTrue(command.contains("-XX:+ExitOnOutOfMemoryError"), command.toString());
        int main = command.indexOf("dev.chorus.node.NodeMain");
        assertTrue(main > command.indexOf("-XX:+ExitOnOutOfMemoryError"), "a JVM option, before the main class: " + command);
        assertEquals(List.of("--cluster", dir.resolve("cluster.json").toAbsolutePath().normalize().toString(), "--node", "n2"),
                command.subList(main + 1, command.size()));
    }
}
