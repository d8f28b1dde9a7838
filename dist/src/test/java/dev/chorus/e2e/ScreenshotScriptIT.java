package dev.chorus.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #12, item 4: {@code scripts/screenshot.sh} failing before its workload starts used to run {@code kill 0}
 * (its BANK_PID unset), signalling its caller's whole process group. Run in a sandbox of its own (copies of
 * screenshot.sh and lib.sh, a start-cluster.sh that fails, a stub xvfb-run), in a new session so that a
 * {@code kill 0} could never reach this JVM, next to a sentinel process of the same group: the sentinel survives.
 */
class ScreenshotScriptIT {
    @TempDir
    Path sandbox;

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    @Test
    void aFailureBeforeTheWorkloadSignalsNothingButWhatTheScriptStarted() throws Exception {
        Path root = sandbox.resolve("root");
        Path scripts = Files.createDirectories(root.resolve("scripts"));
        for (String s : new String[] {"screenshot.sh", "lib.sh"}) {
            Files.copy(Scripts.ROOT.resolve("scripts").resolve(s), scripts.resolve(s), StandardCopyOption.REPLACE_EXISTING);
        }
        script(scripts.resolve("start-cluster.sh"), "echo 'start-cluster: cannot start (stub)' >&2; exit 1");
        script(scripts.resolve("stop-cluster.sh"), "exit 0");
        Files.createDirectories(root.resolve("dist/target"));
        Files.createFile(root.resolve("dist/target/chorus.jar"));
        Files.createDirectories(root.resolve("monitor-gui/target"));
        Files.createFile(root.resolve("monitor-gui/target/chorus-gui.jar"));
        Path bin = Files.createDirectories(sandbox.resolve("bin"));
        script(bin.resolve("xvfb-run"), "exit 0");

        // The sentinel's liveness is judged by the shell that started it, right after screenshot.sh returns: a
        // `kill 0` would have killed that shell too (no "screenshot.sh exit" line), and the sentinel is never an
        // orphan whose fate depends on how this machine reaps orphans (/proc of a reparented process was not
        // reliable on CI).
        String shell = "sleep 120 & S=$!; bash '" + scripts.resolve("screenshot.sh") + "' '" + sandbox.resolve("out.png")
                + "'; rc=$?; "
                + "if kill -0 \"$S\" 2>/dev/null && ! grep -q ') Z' \"/proc/$S/stat\"; then echo 'sentinel alive'; "
                + "else echo 'sentinel dead'; fi; kill \"$S\" 2>/dev/null; echo \"screenshot.sh exit $rc\"";
        ProcessBuilder pb = new ProcessBuilder("setsid", "-w", "bash", "-c", shell).redirectErrorStream(true);
        pb.environment().put("CHORUS_SKIP_BUILD", "1");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "screenshot.sh did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "the caller's shell was killed: " + out);
        assertTrue(out.contains("screenshot.sh exit 1"), "the caller's shell did not survive screenshot.sh: " + out);
        assertTrue(out.contains("sentinel alive"), "a process of the caller's group was killed by screenshot.sh: " + out);
        assertTrue(out.contains("cannot start (stub)"), out);
    }
}
