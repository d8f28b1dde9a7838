package dev.chorus.verify.checker;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A checker's answer. {@link #UNKNOWN} is an honest "gave up" (search budget, missing data), never a pass. */
public enum Verdict {
    VALID, INVALID, UNKNOWN;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
