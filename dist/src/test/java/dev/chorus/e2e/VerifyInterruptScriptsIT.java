package dev.chorus.e2e;

import dev.chorus.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.chorus.e2e.Scripts.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C on a {@code chorus verify} run, as a terminal delivers it: SIGINT to the whole foreground process group
 * (SIGTERM where the test itself runs with SIGINT ignored).
 * The run must end as its duration would (every fault healed, the history so far checked and reported), and the
 * nodes the nemesis restarted meanwhile, children of the verify process, must not get the signal.
 */
class VerifyInterruptScriptsIT {

    @Test
    void ctrlCEndsTheRunHealedAndCheckedAndSparesTheNodesItRestarted(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        Path out = tmp.resolve("verify");
        Path log = tmp.resolve("verify.log");
        Process verify = null;
        try {
            assertEquals(0, Scripts.run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port",
                    String.valueOf(Scripts.freeBasePort())).code());
            // setsid: the run leads its own process group, as a shell's foreground job does.
            verify = new ProcessBuilder("setsid", "scripts/chorus", "verify", "register", "--dir", d, "--duration", "10m",
                    "--interval", "3s", "--clients", "3", "--nemesis", "kill", "--seed", "3", "--out", out.toString())
                    .directory(Scripts.ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            // A node killed and then started again by the nemesis: that node is a child of the verify process.
            Await.until("the nemesis restarted a node it killed", Duration.ofSeconds(90),
                    () -> read(out.resolve("nemesis.jsonl")).contains("\"stop\""));
            long group = verify.pid();
            assertEquals(0, new ProcessBuilder("kill", "-" + interruptSignal(), "-" + group).start().waitFor());
            assertTrue(verify.waitFor(3, TimeUnit.MINUTES), "the interrupted run ended");
            String printed = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(printed.contains("interrupted: stopping the clients"), printed);
            assertTrue(printed.contains("verdict: VALID"), printed);
            assertTrue(Files.exists(out.resolve("results.json")), "results written");
            assertTrue(Files.exists(out.resolve("report.html")), "report written");
            String nodes = chorus(d, "node", "list").out();
            for (String n : new String[]{"n1", "n2", "n3"}) {
                assertTrue(nodes.contains(n + " running"), nodes);
            }
            assertEquals(0, chorus(d, "put", "after", "interrupt").code(), "the cluster serves");
        } finally {
            if (verify != null && verify.isAlive()) {
                verify.destroyForcibly();
            }
            Scripts.run(120, "scripts/stop-cluster.sh", "--dir", d);
        }
    }

    /**
     * SIGINT, as a terminal's Ctrl-C, unless this JVM inherited SIGINT ignored (anything started in the background by a
     * non-interactive shell is, and the verify JVM would inherit it too and never see the signal); then SIGTERM, which
     * the run handles the same way (both run the JVM's shutdown hooks).
     */
    private static String interruptSignal() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseLong(line.substring("SigIgn:".length()).trim(), 16);
                return (ignored & (1L << (2 - 1))) != 0 ? "TERM" : "INT";
            }
        }
        return "INT";
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
