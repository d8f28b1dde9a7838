package dev.chorus.verify.nemesis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.verify.history.HistoryJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The nemesis's events, written beside the history as {@code nemesis.jsonl} (kept apart from the history so the
 * checkers see client ops only) and flushed per line, so an interrupted run still shows what was broken.
 */
public final class NemesisLog implements AutoCloseable {
    public static final String FILE = "nemesis.jsonl";
    private static final ObjectMapper JSON = HistoryJson.mapper();

    private final BufferedWriter out;
    private final List<NemesisEvent> events = new ArrayList<>();

    public NemesisLog(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    public void record(String fault, String phase, String detail) {
        record(fault, phase, detail, System.nanoTime());
    }

    /** @param time when it happened (monotonic nanos): a fault starts when its injection begins, not when it ends */
    public synchronized void record(String fault, String phase, String detail, long time) {
        NemesisEvent event = new NemesisEvent(fault, phase, detail, time);
        events.add(event);
        try {
            out.write(JSON.writeValueAsString(event));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized List<NemesisEvent> events() {
        return List.copyOf(events);
    }

    /** The events of a stored run; none when the file does not exist (a run without nemesis, or a bare history). */
    public static List<NemesisEvent> read(Path file) throws IOException {
        List<NemesisEvent> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON.readValue(line, NemesisEvent.class));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
