package dev.chorus.verify.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON-lines history. A line without an explicit outcome is an error, never a guess: reading a missing or
 * unknown type as "fail" would let a checker ignore an op that may have taken effect.
 */
public final class HistoryReader {
    private static final List<String> REQUIRED = List.of("process", "type", "f", "invoke", "complete");

    private final ObjectMapper json = HistoryJson.mapper();

    public List<Op> read(Path file) throws IOException {
        List<Op> ops = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (!line.isBlank()) {
                    ops.add(parse(line, file.getFileName() + ":" + lineNo));
                }
            }
        }
        return List.copyOf(ops);
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
