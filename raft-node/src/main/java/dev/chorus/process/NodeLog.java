package dev.chorus.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A node's log file ({@code DIR/logs/NODE.log}), which its process appends stdout and stderr to, and the markers
 * this package writes between runs: {@code === TIME starting node N} before each start, {@code === TIME stopping
 * node N (SIGTERM to pid P)} and {@code === TIME killing node N (SIGKILL to pid P)} before a deliberate stop, so the
 * log tells a node that was stopped from one that died.
 */
final class NodeLog {
    static final String MARKER = "=== ";
    /** Enough for the end of any start-up, stack traces included, and cheap to read twice a second. */
    static final int TAIL_BYTES = 256 * 1024;

    private final Path file;
    private final String node;

    NodeLog(Path file, String node) {
        this.file = file;
        this.node = node;
    }

    Path file() {
        return file;
    }

    void starting() throws IOException {
        append("starting node " + node);
    }

    void stopping(long pid) throws IOException {
        append("stopping node " + node + " (SIGTERM to pid " + pid + ")");
    }

    void killing(long pid) throws IOException {
        append("killing node " + node + " (SIGKILL to pid " + pid + ")");
    }

    private void append(String what) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, MARKER + Instant.now() + " " + what + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static boolean isStartMarker(String line) {
        return line.startsWith(MARKER) && line.matches("=== \\S+ starting node \\S+");
    }

    static boolean isStopMarker(String line) {
        return line.startsWith(MARKER) && line.matches("=== \\S+ (stopping|killing) node \\S+ .*");
    }

    /** The last {@value #TAIL_BYTES} bytes of the log as lines (a cut first line dropped); empty if there is no log. */
    List<String> tail() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        long from;
        ByteBuffer buffer;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            from = Math.max(0, size - TAIL_BYTES);
            buffer = ByteBuffer.allocate((int) (size - from));
            in.position(from);
            // The node may be appending meanwhile: read up to the size seen above, or less if the file shrank.
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                continue;
            }
        }
        buffer.flip();
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(buffer).toString();
        List<String> lines = Arrays.asList(text.split("\r?\n", -1));
        if (from > 0 && !lines.isEmpty()) {
            lines = lines.subList(1, lines.size());
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        return lines;
    }
}
