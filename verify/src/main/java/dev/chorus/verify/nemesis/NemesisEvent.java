package dev.chorus.verify.nemesis;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A line of {@code nemesis.jsonl}: a fault started or stopped, or could not be injected or healed.
 *
 * @param fault  the fault's name, or {@code heal-all} for the final heal
 * @param phase  {@code start}, {@code stop} or {@code error}
 * @param detail its targets, or the error
 * @param time   monotonic nanoseconds of the recording JVM, comparable with the history's op times
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NemesisEvent(String fault, String phase, String detail, long time) {
    public static final String START = "start";
    public static final String STOP = "stop";
    public static final String ERROR = "error";
}
