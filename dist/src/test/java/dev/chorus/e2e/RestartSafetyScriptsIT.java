package dev.chorus.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.chorus.e2e.Scripts.chorus;
import static dev.chorus.e2e.Scripts.freeBasePort;
import static dev.chorus.e2e.Scripts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restart safety through the scripts, with real processes: process control never signals a process that its pid
 * file names but that is not the node; a node that cannot start is named with its cause, by start-cluster.sh, by
 * {@code chorus node start} and by {@code chorus node list}; a node that runs out of heap dies and says so.
 */
class RestartSafetyScriptsIT {

    private static String cmdline(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static char processState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void killStopPauseAndStopClusterLeaveAProcessThatIsNotTheNodeAlone(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        assertEquals(0, chorus(d, "init-local", "--base-port", String.valueOf(freeBasePort())).code());
        Process sleep = new ProcessBuilder("sleep", "600").start();
        try {
            Path pidFile = dir.resolve("n1.pid");
            String stale = "n1: stale pid file " + pidFile + " names pid " + sleep.pid() + ", which is not this node; removed";
            // What a pid file left behind by a node whose pid the OS has since given to another program looks like.
            String contents = sleep.pid() + "\nstarted=" + sleep.info().startInstant().orElseThrow() + "\n";
            List<List<String>> commands = List.of(
                    List.of("scripts/chorus", "node", "kill", "--dir", d, "n1"),
                    List.of("scripts/chorus", "node", "stop", "--dir", d, "n1"),
                    List.of("scripts/chorus", "node", "pause", "--dir", d, "n1"),
                    List.of("scripts/chorus", "node", "list", "--dir", d),
                    List.of("scripts/stop-cluster.sh", "--dir", d));
            for (List<String> command : commands) {
                Files.writeString(pidFile, contents);
                Scripts.Result r = run(120, command.toArray(String[]::new));
                assertTrue(r.out().contains(stale), command + " reports the stale pid file: " + r.out());
                assertTrue(sleep.isAlive(), command + " left the unrelated process alive");
                assertFalse(processState(sleep.pid()) == 'T', command + " did not stop it (SIGSTOP)");
                assertFalse(Files.exists(pidFile), command + " removed the stale pid file");
                if (command.contains("pause")) {
                    assertEquals(1, r.code(), r.out());
                    assertTrue(r.out().contains("chorus: node n1 is not running"), r.out());
                } else {
                    assertEquals(0, r.code(), command + ": " + r.out());
                    assertTrue(r.out().contains("n1 stopped\n"), command + ": " + r.out());
                }
            }
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void startClusterTriesEveryNodeAndNamesEachThatCannotStartWithItsCause(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        int base = freeBasePort();
        assertEquals(0, chorus(d, "init-local", "--base-port", String.valueOf(base)).code());
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        // Another program holds n2's raft port and n3's admin port.
        ServerSocket n2Raft = new ServerSocket(base + 1, 50, loopback);
        ServerSocket n3Admin = new ServerSocket(base + 1002, 50, loopback);
        try {
            Scripts.Result start;
            try {
                start = run(240, "scripts/start-cluster.sh", "--dir", d);
            } finally {
                n2Raft.close();
                n3Admin.close();
            }
            assertEquals(1, start.code(), start.out());
            String out = start.out();
            assertTrue(out.contains("node n2 failed to start: cannot listen on raft address 127.0.0.1:" + (base + 1) + ": ")
                    && out.contains("Address already in use"), out);
            assertTrue(out.contains("node n3 failed to start: cannot listen on admin address 127.0.0.1:" + (base + 1002)
                    + ": java.net.BindException: Address already in use"), out);
            assertTrue(out.contains("2 node(s) failed to start: n2 n3"), out);
            assertTrue(out.contains("n1 running (pid "), "the node that could start is reported running: " + out);
            assertTrue(out.contains("n2 stopped (failed to start: cannot listen on raft address"), out);
            assertFalse(out.contains("Chorus cluster running"), out);

            Scripts.Result list = chorus(d, "node", "list");
            assertTrue(list.out().startsWith("n1 running (pid " + Scripts.pidOf(dir, "n1") + ")\n"
                    + "n2 stopped (failed to start: cannot listen on raft address 127.0.0.1:" + (base + 1) + ": "), list.out());
            assertTrue(list.out().contains("\nn3 stopped (failed to start: cannot listen on admin address"), list.out());
            assertTrue(cmdline(Scripts.pidOf(dir, "n1")).contains(" -XX:+ExitOnOutOfMemoryError "),
                    "a node exits on OutOfMemoryError: " + cmdline(Scripts.pidOf(dir, "n1")));

            // The ports are free again: re-running starts the two missing nodes next to the one that runs.
            Scripts.Result again = run(240, "scripts/start-cluster.sh", "--dir", d);
            assertEquals(0, again.code(), again.out());
            assertTrue(again.out().contains("Chorus cluster running"), again.out());
            Scripts.Result running = chorus(d, "node", "list");
            assertEquals(3, running.out().lines().filter(l -> l.matches("n\\d running \\(pid \\d+\\)")).count(), running.out());
        } finally {
            run(120, "scripts/stop-cluster.sh", "--dir", d);
        }
    }

    @Test
    void aNodeThatRunsOutOfHeapDiesAndItsLogSaysWhy(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        assertEquals(0, chorus(d, "init-local", "--base-port", String.valueOf(freeBasePort())).code());
        String oom = "Terminating due to java.lang.OutOfMemoryError: Java heap space";
        try {
            // 8 MB is too little for a node to start; without -XX:+ExitOnOutOfMemoryError it would print another
            // message, and sometimes linger with its main thread dead.
            Scripts.Result start = run(Map.of("CHORUS_NODE_JAVA_OPTS", "-Xmx8m"), 120, "scripts/chorus", "node", "start", "--dir", d, "n1");
            assertEquals(1, start.code(), start.out());
            assertTrue(start.out().contains("chorus: node n1 failed to start: " + oom), start.out());
            assertFalse(Files.exists(dir.resolve("n1.pid")));
            String clusterFile = dir.resolve("cluster.json").toString();
            assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(clusterFile)),
                    "no process of this cluster lingers");
            assertTrue(chorus(d, "node", "list").out().startsWith("n1 stopped (failed to start: " + oom + ")\nn2 stopped\n"));
            assertTrue(Files.readString(dir.resolve("logs").resolve("n1.log")).contains(oom));
        } finally {
            run(120, "scripts/stop-cluster.sh", "--dir", d);
        }
    }
}
