package dev.chorus.client;

import dev.chorus.protocol.ErrorCode;

/** A request that failed for good (after any retries); {@link #code()} tells why. */
public class ChorusException extends RuntimeException {
    private final ErrorCode code;

    public ChorusException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** True when the cluster (or the group) could not be reached or had no leader within the deadline. */
    public boolean unreachable() {
        return code == ErrorCode.TIMEOUT || code == ErrorCode.UNAVAILABLE || code == ErrorCode.NOT_LEADER
                || code == ErrorCode.BUSY;
    }
}
