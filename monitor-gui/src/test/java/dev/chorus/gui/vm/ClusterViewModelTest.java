package dev.chorus.gui.vm;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.NodeStatus;
import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.config.NodeSpec;
import dev.chorus.config.ClusterFile;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.faults.LinkFault;
import dev.chorus.gui.model.ProcessStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterViewModelTest {
    @TempDir
    Path dir;

    private ClusterConfig cluster() throws Exception {
        List<String> ids = List.of("n1", "n2", "n3");
        List<NodeSpec> nodes = List.of(new NodeSpec("n1", "127.0.0.1:1001", "127.0.0.1:2001", "d1"),
                new NodeSpec("n2", "127.0.0.1:1002", "127.0.0.1:2002", "d2"),
                new NodeSpec("n3", "127.0.0.1:1003", "127.0.0.1:2003", "d3"));
        ClusterFile f = new ClusterFile("t", true, null, nodes, List.of(new GroupSpec("g1", new GroupSpec.RangeSpec("", ""), ids, "n1")),
                new ClusterFile.Raft(800, 3600, 0, true, false), null);
        Path file = dir.resolve("cluster.json");
        ClusterConfigLoader.write(f, file);
        return ClusterConfigLoader.load(file);
    }

    private static NodeStatus.ReplicaView replica(String node, String role, long last) {
        return new NodeStatus.ReplicaView(node, role, 3, last, last, last, null, 0, List.of());
    }

    private static ClusterStatus status(List<LinkFault> faults, boolean n3Up) {
        List<ClusterStatus.NodeEntry> nodes = List.of(
                new ClusterStatus.NodeEntry("n1", true, "", "", 1L, 5000L, null),
                new ClusterStatus.NodeEntry("n2", true, "", "", 2L, 5000L, null),
                new ClusterStatus.NodeEntry("n3", n3Up, "", "", n3Up ? 3L : null, n3Up ? 5000L : null, n3Up ? null : "connect refused"));
        ClusterStatus.GroupEntry g = new ClusterStatus.GroupEntry("g1", new NodeStatus.RangeView("", ""), "n1", 3,
                List.of(new NodeStatus.ReplicaView("n1", "LEADER", 3, 500, 500, 500, 0L, 0, List.of()),
                        new NodeStatus.ReplicaView("n2", "FOLLOWER", 3, 400, 400, 400, 100L, 0, List.of()),
                        new NodeStatus.ReplicaView("n3", "FOLLOWER", 3, 0, 0, 0, 500L, 0, List.of())));
        return new ClusterStatus(nodes, List.of(g), faults);
    }

    @Test
    void nodeHealthCombinesProcessStateReachabilityAndIsolation() throws Exception {
        ClusterConfig c = cluster();
        List<LinkFault> isolateN2 = List.of(new LinkFault("n2", "n1", true, 0, 0, 0), new LinkFault("n1", "n2", true, 0, 0, 0),
                new LinkFault("n2", "n3", true, 0, 0, 0), new LinkFault("n3", "n2", true, 0, 0, 0));
        List<ClusterViewModel.NodeCard> cards = ClusterViewModel.nodeCards(c, status(isolateN2, false),
                Map.of("n1", ProcessStatus.of("RUNNING"), "n2", ProcessStatus.of("RUNNING"), "n3", ProcessStatus.of("RUNNING")));
        assertEquals(NodeHealth.UP, cards.get(0).health());
        assertEquals(1, cards.get(0).leads());
        assertEquals(NodeHealth.ISOLATED, cards.get(1).health());
        assertEquals(NodeHealth.UNREACHABLE, cards.get(2).health(), "running but not answering");
        assertEquals(NodeHealth.DOWN, ClusterViewModel.nodeCards(c, status(List.of(), false),
                Map.of("n3", ProcessStatus.of("STOPPED"))).get(2).health());
        assertEquals(NodeHealth.PAUSED, ClusterViewModel.nodeCards(c, status(List.of(), false),
                Map.of("n3", ProcessStatus.of("PAUSED"))).get(2).health());
        // One cut direction is not isolation.
        assertFalse(ClusterViewModel.isolated("n2", c, List.of(new LinkFault("n2", "n1", true, 0, 0, 0))));
    }

    @Test
    void aStoppedNodeWhoseLastRunFailedShowsWhy() throws Exception {
        ClusterConfig c = cluster();
        String cause = "cannot listen on raft address 127.0.0.1:1003: bind(..) failed: Address already in use";
        ClusterViewModel.NodeCard failed = ClusterViewModel.nodeCards(c, status(List.of(), false),
                Map.of("n3", new ProcessStatus("STOPPED", cause, true))).get(2);
        assertEquals(NodeHealth.FAILED_TO_START, failed.health());
        assertEquals("FAILED TO START", failed.health().label());
        assertEquals(cause, failed.detail());
        ClusterViewModel.NodeCard died = ClusterViewModel.nodeCards(c, status(List.of(), false),
                Map.of("n3", new ProcessStatus("STOPPED", "Terminating due to java.lang.OutOfMemoryError: Java heap space", false))).get(2);
        assertEquals(NodeHealth.DOWN, died.health(), "a node that was up and died is down, not failed to start");
        assertEquals("exited: Terminating due to java.lang.OutOfMemoryError: Java heap space", died.detail());
        assertEquals("no process", ClusterViewModel.nodeCards(c, status(List.of(), false),
                Map.of("n3", ProcessStatus.of("STOPPED"))).get(2).detail());
    }

    @Test
    void linksShowTheWorstFaultOfEitherDirection() throws Exception {
        ClusterConfig c = cluster();
        List<ClusterViewModel.Link> links = ClusterViewModel.links(c, List.of(
                new LinkFault("n1", "n2", true, 0, 0, 0),
                new LinkFault("n3", "n1", false, 100, 20, 0),
                new LinkFault("n2", "n3", false, 0, 0, 0.25)));
        assertEquals("one-way", links.get(0).state());
        assertEquals("n1→n2 cut", links.get(0).label());
        assertEquals("delayed", links.get(1).state());
        assertEquals("100ms±20", links.get(1).label());
        assertEquals("lossy", links.get(2).state());
        assertTrue(ClusterViewModel.links(c, List.of()).stream().allMatch(ClusterViewModel.Link::healthy));
    }

    @Test
    void matrixMarksTheLeaderAndScalesLag() {
        List<ClusterViewModel.ReplicaCell> cells = ClusterViewModel.matrix(status(List.of(), true));
        assertTrue(cells.get(0).leader());
        assertFalse(cells.get(1).leader());
        assertEquals(100, cells.get(1).lag());
        assertEquals(0.5, cells.get(1).lagFraction(), 1e-9);
        assertEquals(1.0, cells.get(2).lagFraction(), 1e-9, "a lag beyond the scale fills the bar");
    }
}
