package dev.chorus.protocol;

/** Bytes that do not decode as a Chorus message. */
public final class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }
}
