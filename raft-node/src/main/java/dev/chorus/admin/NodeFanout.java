package dev.chorus.admin;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The same read-only admin request ({@code GET path}) to every node at once, each bounded by the timeout, so one dead
 * or paused node costs one timeout and never delays what the others say.
 */
public final class NodeFanout {
    private final ClusterConfig cluster;
    private final HttpClient http;
    private final Duration timeout;

    /** One node's answer: the parsed body, or why there is none. */
    public record Answer<T>(NodeSpec node, T value, String error) {
    }

    /** Turns a 200 answer's body into a value; may throw to report an unreadable answer. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] body) throws Exception;
    }

    public NodeFanout(ClusterConfig cluster, Duration timeout) {
        this.cluster = cluster;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Asks every node; completes when all have answered or timed out, in the cluster file's node order. */
    public <T> CompletableFuture<List<Answer<T>>> getAll(String path, Parser<T> parser) {
        List<CompletableFuture<Answer<T>>> futures = new ArrayList<>();
        for (NodeSpec n : cluster.nodes()) {
            futures.add(get(n, path, parser));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    public <T> CompletableFuture<Answer<T>> get(NodeSpec n, String path, Parser<T> parser) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + n.adminAddress() + path)).timeout(timeout).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).handle((resp, err) -> {
            if (err != null) {
                return new Answer<>(n, null, describe(err));
            }
            if (resp.statusCode() != 200) {
                return new Answer<>(n, null, "HTTP " + resp.statusCode());
            }
            try {
                return new Answer<>(n, parser.parse(resp.body()), null);
            } catch (Exception e) {
                return new Answer<>(n, null, "unreadable answer to " + path + ": " + e.getMessage());
            }
        });
    }

    private static String describe(Throwable err) {
        Throwable c = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        String msg = c.getMessage();
        return c.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
