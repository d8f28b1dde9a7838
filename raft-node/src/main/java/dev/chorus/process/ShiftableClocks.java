package dev.chorus.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Wall clocks of local node processes that can be shifted while the nodes run, to test what a skewed clock does to a
 * cluster. A node started with shiftable clocks has libfaketime (Debian package {@code faketime}) preloaded into its
 * JVM, reading its offset from {@code DIR/clocks/NODE.offset} once a second; writing that file moves the process's
 * wall clock ({@code System.currentTimeMillis}, {@code Instant.now}, RocksDB's and the OS calls' view of the time)
 * and nothing else on the machine. The monotonic clock is left alone ({@code FAKETIME_DONT_FAKE_MONOTONIC}): a real machine's
 * clock is stepped by NTP or an operator, its monotonic clock never is, and jraft's timers and leases run on the
 * monotonic one.
 *
 * <p>The choice is made once per cluster directory ({@code CHORUS_SHIFTABLE_CLOCKS=1} when a node starts, which
 * {@code start-cluster.sh --shiftable-clocks} sets) and sticks: the directory {@code DIR/clocks} exists, so every later
 * start of a node (by the CLI, the nemesis, the dashboard) runs it under a shiftable clock again, keeping its offset.
 * Whether a running process really has one is read from its environment, never assumed.
 */
public final class ShiftableClocks {
    /** Set to {@code 1} when starting a node to make the cluster's clocks shiftable from then on. */
    public static final String ENABLE_ENV = "CHORUS_SHIFTABLE_CLOCKS";
    /** The libfaketime to preload, when it is not where Debian puts it. */
    public static final String LIBRARY_ENV = "CHORUS_LIBFAKETIME";
    private static final String OFFSET_FILE_ENV = "FAKETIME_TIMESTAMP_FILE";
    private static final String LIBRARY_NAME = "libfaketimeMT.so.1"; // the variant for multi-threaded programs

    private final Path dir;

    public ShiftableClocks(Path clusterDir) {
        this.dir = clusterDir.resolve("clocks");
    }

    public boolean enabled() {
        return Files.isDirectory(dir);
    }

    public void enable() throws IOException {
        Files.createDirectories(dir);
    }

    Path offsetFile(String node) {
        return dir.resolve(node + ".offset");
    }

    /**
     * The environment that starts {@code node} under its shiftable clock, keeping the offset it had (a restarted
     * machine keeps its wrong clock too).
     */
    Map<String, String> environment(String node) throws IOException {
        Path library = library().orElseThrow(() -> new IOException("shiftable clocks (" + dir
                + ") need libfaketime: install the Debian package faketime, or set " + LIBRARY_ENV + " to its "
                + LIBRARY_NAME));
        Path file = offsetFile(node);
        if (!Files.exists(file)) {
            write(file, 0);
        }
        // FAKETIME_FORCE_MONOTONIC_FIX=0: with it on (0.9.10's default), libfaketime shifts the deadlines of waits on
        // monotonic condition variables as if they were wall-clock ones: under an offset of +3600 s or -3600 s every
        // 100 ms LockSupport.parkNanos and Object.wait returned at once (measured), so the JVM's threads spin. With it
        // off they take 100 ms, and System.nanoTime stays the machine's monotonic clock.
        return Map.of("LD_PRELOAD", library.toString(), OFFSET_FILE_ENV, file.toString(),
                "FAKETIME_CACHE_DURATION", "1", "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0");
    }

    /** Sets {@code node}'s offset from the true time; its process sees it within a second. */
    void shift(String node, long offsetMs) throws IOException {
        write(offsetFile(node), offsetMs);
    }

    /** The offset {@code node} is set to, 0 if none was ever set. */
    public long offsetMs(String node) throws IOException {
        Path file = offsetFile(node);
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file).trim();
        try {
            return Math.round(Double.parseDouble(text) * 1000);
        } catch (NumberFormatException e) {
            throw new IOException("clock offset file " + file + " holds '" + text + "', not a number of seconds");
        }
    }

    /** True when the live process {@code pid} runs with {@code node}'s offset file preloaded. */
    boolean runsShifted(long pid, String node) {
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
            String wanted = OFFSET_FILE_ENV + "=" + offsetFile(node);
            for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                if (entry.equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** libfaketime's seconds format: {@code +1.500} or {@code -30.000}, written whole (rename) so it is never read half-written. */
    private static void write(Path file, long offsetMs) throws IOException {
        String text = String.format(Locale.ROOT, "%+.3f%n", offsetMs / 1000.0);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@link #LIBRARY_ENV}, else where Debian's faketime package installs it for this machine's architecture. */
    public static Optional<Path> library() {
        String configured = System.getenv(LIBRARY_ENV);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isReadable);
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> lib = Files.newDirectoryStream(Path.of("/usr/lib"))) {
            lib.forEach(d -> candidates.add(d.resolve("faketime").resolve(LIBRARY_NAME)));
        } catch (IOException e) {
            // no /usr/lib to search: only the fixed places below
        }
        candidates.add(Path.of("/usr/lib/faketime", LIBRARY_NAME));
        candidates.add(Path.of("/usr/local/lib/faketime", LIBRARY_NAME));
        return candidates.stream().filter(Files::isReadable).findFirst();
    }
}
