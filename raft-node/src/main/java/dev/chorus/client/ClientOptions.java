package dev.chorus.client;

import java.time.Duration;

/**
 * @param requestTimeout total time a request may take, retries included; past it the request fails with TIMEOUT
 * @param attemptTimeout time one RPC attempt waits for an answer before the client tries again
 */
public record ClientOptions(Duration requestTimeout, Duration attemptTimeout) {
    public static final ClientOptions DEFAULT = new ClientOptions(Duration.ofSeconds(8), Duration.ofSeconds(2));
}
