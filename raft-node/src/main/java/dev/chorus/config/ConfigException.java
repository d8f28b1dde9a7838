package dev.chorus.config;

/** A cluster file that cannot be used; the message is one line naming the problem. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
