package dev.chorus.gui.model;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ClusterFile;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the dashboard learns from a local cluster's directory when no node runs: the cause each node's log gives for
 * the end of its last run (the logs are real ones, shared with raft-node's tests).
 */
class LocalProcessControlTest {
    @TempDir
    Path dir;

    private ClusterConfig cluster() throws Exception {
        List<String> ids = List.of("n1", "n2", "n3");
        List<NodeSpec> nodes = List.of(new NodeSpec("n1", "127.0.0.1:1001", "127.0.0.1:2001", "d1"),
                new NodeSpec("n2", "127.0.0.1:1002", "127.0.0.1:2002", "d2"),
                new NodeSpec("n3", "127.0.0.1:1003", "127.0.0.1:2003", "d3"));
        ClusterFile f = new ClusterFile("t", true, null, nodes, List.of(new GroupSpec("g1", new GroupSpec.RangeSpec("", ""), ids, "n1")),
                new ClusterFile.Raft(800, 3600, 0, true, false), null);
        ClusterConfigLoader.write(f, dir.resolve("cluster.json"));
        return ClusterConfigLoader.load(dir.resolve("cluster.json"));
    }

    private void log(String node, String sample, String... more) throws IOException {
        Path log = Files.createDirectories(dir.resolve("logs")).resolve(node + ".log");
        try (InputStream in = getClass().getResourceAsStream("/dev/chorus/process/logs/" + sample + ".txt")) {
            Files.write(log, in.readAllBytes());
        }
        for (String line : more) {
            Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
        }
    }

    @Test
    void stoppedNodesCarryTheCauseTheirLogsGive() throws Exception {
        log("n2", "raft-port-in-use");
        log("n3", "up-then-killed", "Terminating due to java.lang.OutOfMemoryError: Java heap space");
        Map<String, ProcessStatus> states = new LocalProcessControl(cluster()).processStates();
        assertEquals(ProcessStatus.of("STOPPED"), states.get("n1"));
        assertEquals(new ProcessStatus("STOPPED", "cannot listen on raft address 127.0.0.1:24302: bind(..) failed: Address already in use", true),
                states.get("n2"));
        assertEquals(new ProcessStatus("STOPPED", "Terminating due to java.lang.OutOfMemoryError: Java heap space", false),
                states.get("n3"));
    }
}
