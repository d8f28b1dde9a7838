package dev.chorus.verify.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.function.Consumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON-lines history. A line without an explicit outcome is an error, never a guess: reading a missing or
 * unknown type as "fail" would let a checker ignore an op that may have taken effect.
 *
 * <p>One exception: a last line that is not JSON and has no newline is the line a killed run was writing. It is
 * left out with a warning, since the rest of the history is whole. Leaving an op out can only make a checker see an
 * effect without its cause (a false alarm the warning explains), never hide an anomaly among the ops it reads.
 */
public final class HistoryReader {
    private static final List<String> REQUIRED = List.of("process", "type", "f", "invoke", "complete");

    private final ObjectMapper json = HistoryJson.mapper();

    public List<Op> read(Path file) throws IOException {
        return read(file, warning -> { });
    }

    /** As {@link #read(Path)}; {@code warnings} is told, in one line, about a torn last line left out. */
    public List<Op> read(Path file, Consumer<String> warnings) throws IOException {
        List<Op> ops = new ArrayList<>();
        boolean endsWithNewline = endsWithNewline(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            String line = in.readLine();
            while (line != null) {
                lineNo++;
                String next = in.readLine();
                if (!line.isBlank()) {
                    String where = file.getFileName() + ":" + lineNo;
                    if (next == null && !endsWithNewline && !isJson(line)) {
                        warnings.accept(where + ": left out a torn last line (the run was killed while writing it)");
                    } else {
                        ops.add(parse(line, where));
                    }
                }
                line = next;
            }
        }
        return List.copyOf(ops);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    private boolean isJson(String line) {
        try {
            json.readTree(line);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    Op parse(String line, String where) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new HistoryFormatException(where + ": not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new HistoryFormatException(where + ": expected a JSON object");
        }
        for (String field : REQUIRED) {
            if (!node.hasNonNull(field)) {
                throw new HistoryFormatException(where + ": missing \"" + field + "\"");
            }
        }
        try {
            return json.treeToValue(node, Op.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new HistoryFormatException(where + ": bad op: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
