package dev.chorus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chorus.admin.AdminServer;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * {@code --json}, or {@code -o json} / {@code --output json} as kubectl and etcdctl users type it ({@code -o text}:
 * the default): a command prints its data as JSON, one document on one line (a stream of events: one per line),
 * instead of its human text; each command's schema is in README's CLI section. Errors stay one line on stderr with
 * the same exit codes, so that a script reads only data on stdout.
 */
public final class JsonOption {
    /** Same mapper as the admin API, so that shared types (events, faults, status) look the same in both. */
    private static final ObjectWriter ONE_LINE = AdminServer.JSON.writer().without(SerializationFeature.INDENT_OUTPUT);

    /** What {@code -o} accepts. */
    public enum Format { text, json }

    @Option(names = "--json", description = "print JSON (schema: README, CLI section); same as -o json")
    boolean enabled;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "output format: ${COMPLETION-CANDIDATES} (default: text)")
    Format format = Format.text;

    public boolean enabled() {
        return enabled || format == Format.json;
    }

    /** Prints {@code value} as one line of JSON. */
    public static void print(PrintWriter out, Object value) {
        try {
            out.println(ONE_LINE.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
