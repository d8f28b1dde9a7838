package dev.chorus.verify.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Objects;

/**
 * One client operation of a history: who ran it, what it was, how it ended, and when (monotonic nanoseconds of the
 * recording JVM, so times of different ops compare; wall-clock time would not).
 *
 * @param index        position of the op in the history (order of recording)
 * @param process      the logical client that ran it; a process runs one op at a time
 * @param type         how it ended; see {@link Type}
 * @param f            the function, e.g. {@code read}, {@code write}, {@code cas}, {@code add}, {@code transfer}, {@code txn}
 * @param key          the key it acts on, or null for ops that span keys (transactions, bank reads, the final set read)
 * @param value        arguments and results as JSON (for a read: the value read; for a txn: its micro-ops with the
 *                     values read). Treated as read-only once recorded.
 * @param invokeNanos  when the client sent it
 * @param completeNanos when the client learned the outcome (for info ops: when it gave up waiting; the op may
 *                     still take effect later, and checkers treat its completion as +infinity)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"index", "process", "type", "f", "key", "value", "invoke", "complete"})
public record Op(@JsonProperty("index") long index,
                 @JsonProperty("process") int process,
                 @JsonProperty("type") Type type,
                 @JsonProperty("f") String f,
                 @JsonProperty("key") String key,
                 @JsonProperty("value") JsonNode value,
                 @JsonProperty("invoke") long invokeNanos,
                 @JsonProperty("complete") long completeNanos) {

    /** How an op ended. Only {@link #FAIL} says "certainly no effect"; anything uncertain is {@link #INFO}. */
    public enum Type {
        /** Invoked, and the recording stopped before it completed: as uncertain as {@link #INFO}. */
        INVOKE,
        /** Took effect, once, between invocation and completion. */
        OK,
        /** Certainly had no effect (a definite refusal, e.g. a compare-and-set mismatch or an aborted txn). */
        FAIL,
        /** Outcome unknown (timeout, connection lost): it may take effect at any time after its invocation, or never. */
        INFO;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
    }

    public boolean ok() {
        return type == Type.OK;
    }

    public boolean failed() {
        return type == Type.FAIL;
    }

    /** True when the op may or may not have taken effect, at any time after its invocation. */
    public boolean outcomeUnknown() {
        return type == Type.INFO || type == Type.INVOKE;
    }

    /** The same op with another index (for histories assembled from parts). */
    public Op withIndex(long newIndex) {
        return new Op(newIndex, process, type, f, key, value, invokeNanos, completeNanos);
    }

    @Override
    public String toString() {
        return "#" + index + " p" + process + " " + type.json() + " " + f + (key == null ? "" : " " + key)
                + (value == null ? "" : " " + value);
    }
}
