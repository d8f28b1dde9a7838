package dev.chorus.etcd.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The revision this endpoint puts in every response header: the highest revision it has seen in any group (written
 * through it, or read from any key). Never decreases, so it is monotonic per client connection; and every write
 * this endpoint sends carries it as its revision floor, so a change made after a response got a higher revision
 * than that response's header.
 */
public final class HeaderRevision {
    private final AtomicLong highest = new AtomicLong();

    public long current() {
        return highest.get();
    }

    /** Takes {@code revision} into account; returns the header revision afterwards. */
    public long observe(long revision) {
        return highest.accumulateAndGet(revision, Math::max);
    }
}
