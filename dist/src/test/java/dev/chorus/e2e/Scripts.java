package dev.chorus.e2e;

import dev.chorus.testing.FreePorts;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts as a user would, from the repository root. */
final class Scripts {
    static final Path ROOT = Path.of(System.getProperty("chorus.root", "..")).toAbsolutePath().normalize();

    record Result(int code, String out) {
    }

    private Scripts() {
    }

    /** {@code scripts/chorus ARGS --dir=DIR}. */
    static Result chorus(String dir, String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "scripts/chorus";
        System.arraycopy(args, 0, command, 1, args.length);
        command[args.length + 1] = "--dir=" + dir;
        return run(120, command);
    }

    /** Group {@code id} as {@code chorus status --json} reports it. */
    static com.fasterxml.jackson.databind.JsonNode group(String dir, String id) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode g : new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(chorus(dir, "status", "--json").out()).get("groups")) {
                if (g.get("id").asText().equals(id)) {
                    return g;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no group " + id);
    }

    /** The leader of {@code groupId} once it has one (waits up to 30 s). */
    static String leaderOf(String dir, String groupId) {
        return dev.chorus.testing.Await.value("a leader of " + groupId, java.time.Duration.ofSeconds(30), () -> {
            com.fasterxml.jackson.databind.JsonNode leader = group(dir, groupId).get("leader");
            return leader == null || leader.isNull() ? null : leader.asText();
        });
    }

    /** A base port P such that P..P+2 and P+1000..P+1002 are all free. */
    static int freeBasePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = FreePorts.next();
            if (base + 1002 > 65_000) {
                continue;
            }
            boolean free = true;
            for (int p : new int[]{base + 1, base + 2, base + 1000, base + 1001, base + 1002}) {
                try (ServerSocket s = new ServerSocket(p)) {
                    s.setReuseAddress(true);
                } catch (IOException busy) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }

    /** The pid a node's pid file names: its first line (the lines after it identify the process). */
    static long pidOf(java.nio.file.Path dir, String node) throws IOException {
        return Long.parseLong(java.nio.file.Files.readAllLines(dir.resolve(node + ".pid")).get(0).trim());
    }

    static Result run(int timeoutSeconds, String... command) throws Exception {
        return run(java.util.Map.of(), timeoutSeconds, command);
    }

    /** As {@link #run(int, String...)}, with {@code env} added to the environment. */
    static Result run(java.util.Map<String, String> env, int timeoutSeconds, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] out;
        try (var in = p.getInputStream()) {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            out = in.readAllBytes();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
