package dev.chorus.verify.history;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryJsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void writtenOpsReadBackEqual() throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        List<Op> ops = List.of(
                new Op(0, 1, Op.Type.OK, "write", "k1", nodes.numberNode(3), 100, 200),
                new Op(1, 2, Op.Type.INFO, "cas", "k1", nodes.arrayNode().add(3).add(4), 150, 900),
                new Op(2, 3, Op.Type.FAIL, "txn", null, null, 300, 400),
                new Op(3, 4, Op.Type.INVOKE, "read", "k2", null, 500, 500));
        Path file = dir.resolve("history.jsonl");
        try (HistoryWriter writer = new HistoryWriter(file)) {
            ops.forEach(writer::write);
        }
        // Small numbers come back as ints, so the ops are written with ints to compare equal.
        assertEquals(ops, new HistoryReader().read(file));
    }

    @Test
    void missingOutcomeIsAnErrorNotAFailure() throws IOException {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "{\"process\":1,\"f\":\"write\",\"key\":\"k\",\"value\":1,\"invoke\":1,\"complete\":2}\n");
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> new HistoryReader().read(file));
        assertTrue(e.getMessage().contains("h.jsonl:1") && e.getMessage().contains("type"), e.getMessage());
    }

    @Test
    void unknownOutcomeNameIsAnError() throws IOException {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "\n{\"process\":1,\"type\":\"maybe\",\"f\":\"write\",\"invoke\":1,\"complete\":2}\n");
        HistoryFormatException e = assertThrows(HistoryFormatException.class, () -> new HistoryReader().read(file));
        assertTrue(e.getMessage().contains("h.jsonl:2"), e.getMessage());
    }

    @Test
    void brokenJsonNamesItsLine() throws IOException {
        Path file = dir.resolve("h.jsonl");
        Files.writeString(file, "{\"process\":1,\n");
        assertThrows(HistoryFormatException.class, () -> new HistoryReader().read(file));
    }

    @Test
    void aTornLastLineOfAKilledRunIsLeftOutWithAWarning() throws IOException {
        Path file = dir.resolve("h.jsonl");
        String whole = "{\"process\":1,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k\",\"value\":1,\"invoke\":1,\"complete\":2}\n";
        Files.writeString(file, whole + "{\"process\":2,\"type\":\"ok\",\"f\":\"wri");
        List<String> warnings = new java.util.ArrayList<>();
        assertEquals(1, new HistoryReader().read(file, warnings::add).size());
        assertEquals(List.of("h.jsonl:2: left out a torn last line (the run was killed while writing it)"), warnings);
        // The same bytes followed by a newline were written whole and are broken: an error, as anywhere else.
        Files.writeString(file, whole + "{\"process\":2,\"type\":\"ok\",\"f\":\"wri\n" + whole);
        assertThrows(HistoryFormatException.class, () -> new HistoryReader().read(file));
    }
}
