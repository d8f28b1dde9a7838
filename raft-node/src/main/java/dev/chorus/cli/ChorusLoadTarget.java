package dev.chorus.cli;

import dev.chorus.client.ChorusClient;
import dev.chorus.protocol.KvRead;
import dev.chorus.protocol.KvResponse;

import java.util.concurrent.CompletableFuture;

/** Chorus's own client as a {@link LoadTarget} ({@code chorus bench}). */
final class ChorusLoadTarget implements LoadTarget {
    private final ChorusClient client;

    ChorusLoadTarget(ChorusClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Outcome> put(byte[] key, byte[] value) {
        return outcome(client.putAsync(key, value));
    }

    @Override
    public CompletableFuture<Outcome> get(byte[] key) {
        return outcome(client.getAsync(key, KvRead.Consistency.LINEARIZABLE));
    }

    private static CompletableFuture<Outcome> outcome(CompletableFuture<KvResponse> f) {
        return f.handle((r, err) -> err != null || r instanceof KvResponse.Failure ? Outcome.ERROR : Outcome.OK);
    }
}
