package dev.chorus.cli;

import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.security.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chorus tls init|issue} on a hand-written cluster file, and init-local's TLS directory. */
class TlsCommandsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run chorus(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChorusCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void initIssuesEveryStoreOnceAndIssueAddsOne() throws Exception {
        Files.writeString(dir.resolve("cluster.json"), "{\"name\":\"t\",\"tlsDir\":\"tls\",\"nodes\":["
                + "{\"id\":\"n1\",\"raftAddress\":\"10.0.0.1:7001\",\"adminAddress\":\"127.0.0.1:7002\"}],"
                + "\"groups\":[{\"id\":\"g1\",\"range\":{\"start\":\"\",\"end\":\"\"},\"replicas\":[\"n1\"]}]}");
        Run init = chorus("tls", "init", "--dir", dir.toString());
        assertEquals(0, init.code(), init.err());
        var config = ClusterConfigLoader.load(dir.resolve("cluster.json"));
        assertTrue(TlsIdentity.node(config, "n1").isPresent());
        assertTrue(TlsIdentity.client(config).isPresent());

        Run again = chorus("tls", "init", "--dir", dir.toString());
        assertEquals(2, again.code());
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(again.err().contains("already exists"), again.err());

        assertEquals(0, chorus("tls", "issue", "--dir", dir.toString(), "n1").code());
        Run bogus = chorus("tls", "issue", "--dir", dir.toString(), "bogus");
        assertEquals(2, bogus.code());
        assertTrue(bogus.err().contains("neither a node"), bogus.err());
    }

    @Test
    void initLocalGivesTheClusterTlsAndSurvivesALeftoverOfAnInterruptedRun() throws Exception {
        Path leftover = Files.createDirectories(dir.resolve("tls"));
        Files.writeString(leftover.resolve("ca.p12"), "half-written");
        Run init = chorus("init-local", "--dir", dir.toString(), "--base-port", "18401");
        assertEquals(0, init.code(), init.err());
        var config = ClusterConfigLoader.load(dir.resolve("cluster.json"));
        assertEquals(dir.resolve("tls").toAbsolutePath().normalize(), config.tlsDir());
        for (var node : config.nodes()) {
            assertTrue(TlsIdentity.node(config, node.id()).isPresent(), node.id());
        }
    }
}
