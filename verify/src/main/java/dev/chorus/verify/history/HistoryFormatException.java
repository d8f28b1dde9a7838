package dev.chorus.verify.history;

/** A stored history that cannot be read: names the line and what is wrong with it. */
public final class HistoryFormatException extends RuntimeException {
    public HistoryFormatException(String message) {
        super(message);
    }

    public HistoryFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
