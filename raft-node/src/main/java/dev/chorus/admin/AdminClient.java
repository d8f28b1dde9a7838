package dev.chorus.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.client.ChorusException;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ConfigException;
import dev.chorus.config.NodeSpec;
import dev.chorus.protocol.ErrorCode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Sends mutating admin requests to one node, with the cluster's bearer token. Failures become
 * {@link ChorusException}s: an unreachable node is UNAVAILABLE, an error answer carries the node's message.
 */
public final class AdminClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token;

    public AdminClient(ClusterConfig cluster) throws ConfigException {
        if (cluster.adminTokenFile() == null) {
            throw new ConfigException("the cluster file names no adminTokenFile, so the nodes accept no admin actions");
        }
        this.token = AdminToken.read(cluster.adminTokenFile());
    }

    /** An error answer from a node: its HTTP status and message. */
    public static final class AdminError extends ChorusException {
        private final int status;

        AdminError(int status, String message) {
            super(status == 409 ? ErrorCode.NOT_LEADER : ErrorCode.BAD_REQUEST, message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public JsonNode post(NodeSpec node, String path, Map<String, Object> body, Duration timeout) {
        return send(node, "POST", path, body, timeout);
    }

    /** Sends a mutating request ({@code POST} or {@code DELETE}) with a JSON body and the bearer token. */
    public JsonNode send(NodeSpec node, String method, String path, Map<String, Object> body, Duration timeout) {
        HttpRequest req;
        try {
            req = HttpRequest.newBuilder(URI.create("http://" + node.adminAddress() + path))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(AdminServer.JSON.writeValueAsBytes(body)))
                    .build();
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = AdminServer.JSON.readTree(resp.body());
            if (resp.statusCode() != 200) {
                String msg = json != null && json.has("error") ? json.get("error").asText() : "HTTP " + resp.statusCode();
                throw new AdminError(resp.statusCode(), node.id() + ": " + msg);
            }
            return json;
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "node " + node.id() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }
}
