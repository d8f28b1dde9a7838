package dev.chorus.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The contents of a node's pid file ({@code DIR/NODE.pid}): the pid alone on the first line, so that
 * {@code head -1 DIR/n1.pid} keeps working, then {@code started=INSTANT}, the process's start time as the OS reports
 * it. A pid alone only says which process ran the node once; with the start time, a pid the OS has since given to
 * another process is recognised as such.
 *
 * @param started null in a pid file written before start times were recorded
 */
public record PidFile(long pid, Instant started) {
    private static final String STARTED = "started=";

    /** The pid file at {@code file}, or empty if there is none; IOException if it cannot be read or parsed. */
    public static Optional<PidFile> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            throw new IOException("it is empty");
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            throw new IOException("its first line is not a pid: '" + lines.get(0).trim() + "'");
        }
        Instant started = null;
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith(STARTED)) {
                try {
                    started = Instant.parse(line.substring(STARTED.length()).trim());
                } catch (DateTimeParseException e) {
                    throw new IOException("its start time is not an instant: '" + line + "'");
                }
            }
        }
        return Optional.of(new PidFile(pid, started));
    }

    /**
     * Writes the file whole or not at all (temporary file, then rename): the dashboard and other CLIs read pid files
     * at any moment, and one that looked half-written would be taken for stale and removed.
     */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, pid + "\n" + (started == null ? "" : STARTED + started + "\n"));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
