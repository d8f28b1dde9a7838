package dev.chorus.cli;

import java.util.concurrent.CompletableFuture;

/**
 * What a {@link Benchmark} drives: Chorus through its own client ({@link ChorusLoadTarget}), or any store that
 * speaks etcd's API (the etcd bench of the {@code etcd-api} module), so one load generator measures both side by side.
 */
public interface LoadTarget {
    /** How one operation ended: done, failed, or (transfers) refused because a key changed since it was read. */
    enum Outcome { OK, ERROR, CONFLICT }

    CompletableFuture<Outcome> put(byte[] key, byte[] value);

    /** A linearizable read. */
    CompletableFuture<Outcome> get(byte[] key);

    /**
     * Reads the decimal balances under {@code from} and {@code to} and moves 1 from one to the other in one
     * transaction that commits only if neither key changed since it was read; {@link Outcome#CONFLICT} when one did.
     */
    default CompletableFuture<Outcome> transfer(byte[] from, byte[] to) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("transfers are not supported by this target"));
    }
}
