package dev.chorus.client;

/** Result of a compare-and-set: whether it took effect, and if not, the value found (null = absent). */
public record CasOutcome(boolean succeeded, byte[] current) {
}
