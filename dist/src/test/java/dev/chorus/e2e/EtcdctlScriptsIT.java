package dev.chorus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * etcd's own CLI against a local cluster started with {@code start-cluster.sh --etcd-api}: put, get, a range over
 * every group, delete, an interactive txn fed on stdin, endpoint status and health, member list, and a range whose
 * end lies before its start refused. Needs the Debian package {@code etcd-client} ({@code .ci/run} installs it);
 * skipped, saying so, without it.
 */
class EtcdctlScriptsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Out(int code, String text) {
    }

    @Test
    void etcdctlWorksAgainstTheLocalCluster(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("etcdctl"), "etcdctl is not installed (apt-get install etcd-client): the etcdctl test is skipped");
        Path dir = tmp.resolve("cluster");
        String d = dir.toString();
        try {
            Scripts.Result started = Scripts.run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port",
                    String.valueOf(Scripts.freeBasePort()), "--etcd-api");
            assertEquals(0, started.code(), started.out());
            List<String> endpoints = new ArrayList<>();
            for (JsonNode n : JSON.readTree(dir.resolve("cluster.json").toFile()).get("nodes")) {
                endpoints.add(n.get("etcdAddress").asText());
            }
            String all = String.join(",", endpoints);

            // One key in each group of the default layout (g1 < "j" <= g2 < "r" <= g3), read back as one range.
            for (String k : new String[]{"apple", "mango", "zebra"}) {
                assertEquals(0, etcdctl(all, null, "put", k, k + "-v").code());
            }
            assertEquals(new Out(0, "apple\napple-v\nmango\nmango-v\nzebra\nzebra-v"), etcdctl(all, null, "get", "apple", "zzz"));
            assertEquals(new Out(0, "1"), etcdctl(all, null, "del", "mango"));
            assertEquals(new Out(0, "apple\napple-v\nzebra\nzebra-v"), etcdctl(all, null, "get", "apple", "zzz"));

            assertEquals(new Out(0, "OK"), etcdctl(all, null, "put", "greeting", "hello"));
            assertEquals(new Out(0, "greeting\nhello"), etcdctl(endpoints.get(1), null, "get", "greeting"));
            // Interactive txn: compares, a blank line, the success ops, a blank line, the failure ops.
            String txn = "value(\"greeting\") = \"hello\"\n\nput greeting bye\n\nput greeting never\n\n";
            Out swapped = etcdctl(all, txn, "txn", "-i");
            assertEquals(0, swapped.code(), swapped.text());
            assertTrue(swapped.text().contains("SUCCESS"), swapped.text());
            Out again = etcdctl(all, txn, "txn", "-i");
            assertTrue(again.text().contains("FAILURE"), "the compare no longer holds: " + again.text());
            assertEquals(new Out(0, "greeting\nnever"), etcdctl(all, null, "get", "greeting"));

            Out health = etcdctl(all, null, "endpoint", "health");
            assertEquals(0, health.code(), health.text());
            assertEquals(3, health.text().lines().filter(l -> l.contains("is healthy")).count(), health.text());
            Out status = etcdctl(all, null, "endpoint", "status", "-w", "json");
            assertEquals(0, status.code(), status.text());
            assertEquals(3, JSON.readTree(status.text()).size(), status.text());
            Out members = etcdctl(endpoints.get(0), null, "member", "list");
            assertEquals(0, members.code(), members.text());
            assertEquals(3, members.text().lines().count(), members.text());

            Out backwards = etcdctl(all, null, "get", "zebra", "apple");
            assertNotEquals(0, backwards.code(), backwards.text());
            assertTrue(backwards.text().toLowerCase().contains("range"), backwards.text());
        } finally {
            Scripts.run(120, "scripts/stop-cluster.sh", "--dir", d);
        }
    }

    private static Out etcdctl(String endpoints, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoints, "--command-timeout=20s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("ETCDCTL_API", "3"));
        Process p = builder.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
