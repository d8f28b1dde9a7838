package dev.chorus.config;

/** Size limits enforced on every request, before anything is proposed to Raft. */
public record Limits(int maxKeyBytes, int maxValueBytes, int maxRequestBytes, int maxScanLimit) {

    public static final Limits DEFAULT = new Limits(4096, 1 << 20, 8 << 20, 10_000);
}
