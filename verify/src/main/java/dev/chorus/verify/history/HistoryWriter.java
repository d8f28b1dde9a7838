package dev.chorus.verify.history;

import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a history as JSON lines, one op per line, safe to call from many client threads. */
public final class HistoryWriter implements AutoCloseable {
    private final ObjectWriter json = HistoryJson.mapper().writerFor(Op.class);
    private final BufferedWriter out;

    public HistoryWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    public synchronized void write(Op op) {
        try {
            out.write(json.writeValueAsString(op));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
