package dev.chorus.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigLoaderTest {
    private static final String NODES = """
            "nodes":[{"id":"n1","raftAddress":"127.0.0.1:8101","adminAddress":"127.0.0.1:9101"},
                     {"id":"n2","raftAddress":"127.0.0.1:8102","adminAddress":"127.0.0.1:9102"}]""";

    private static String cluster(String nodes, String groups) {
        return "{" + nodes + ",\"groups\":[" + groups + "]}";
    }

    private static String group(String id, String start, String end, String replicas) {
        return "{\"id\":\"" + id + "\",\"range\":{\"start\":\"" + start + "\",\"end\":\"" + end + "\"},\"replicas\":[" + replicas + "]}";
    }

    @Test
    void acceptsAValidClusterAndRoutesEveryKey() throws Exception {
        ClusterConfig c = ClusterConfigLoader.parse(cluster(NODES, group("g1", "", "m", "\"n1\",\"n2\"") + ","
                + group("g2", "m", "", "\"n1\"")), Path.of("/tmp"), "test");
        assertEquals(2, c.groups().size());
        assertEquals("g1", c.router().routeFor("a".getBytes()).groupId());
        assertEquals("g2", c.router().routeFor("m".getBytes()).groupId());
        assertEquals("g2", c.router().routeFor(new byte[]{(byte) 0xFF}).groupId());
        assertEquals(RaftSettings.DEFAULT, c.raft());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            duplicate node id       | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:2"},{"id":"n1","raftAddress":"127.0.0.1:3","adminAddress":"127.0.0.1:4"}] | {"id":"g1","range":{"start":"","end":""},"replicas":["n1"]} | duplicate node id 'n1'
            bad address             | "nodes":[{"id":"n1","raftAddress":"localhost","adminAddress":"127.0.0.1:2"}] | {"id":"g1","range":{"start":"","end":""},"replicas":["n1"]} | is not host:port
            port out of range       | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:70000","adminAddress":"127.0.0.1:2"}] | {"id":"g1","range":{"start":"","end":""},"replicas":["n1"]} | outside 1..65535
            reused address          | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:1"}] | {"id":"g1","range":{"start":"","end":""},"replicas":["n1"]} | is already used
            unknown replica         | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:2"}] | {"id":"g1","range":{"start":"","end":""},"replicas":["n9"]} | unknown replica node 'n9'
            gap at start            | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:2"}] | {"id":"g1","range":{"start":"a","end":""},"replicas":["n1"]} | gap
            gap at end              | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:2"}] | {"id":"g1","range":{"start":"","end":"m"},"replicas":["n1"]} | gap
            overlap                 | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:2"}] | {"id":"g1","range":{"start":"","end":"n"},"replicas":["n1"]},{"id":"g2","range":{"start":"m","end":""},"replicas":["n1"]} | overlap
            duplicate group         | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:2"}] | {"id":"g1","range":{"start":"","end":"m"},"replicas":["n1"]},{"id":"g1","range":{"start":"m","end":""},"replicas":["n1"]} | duplicate group id
            no replicas             | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:2"}] | {"id":"g1","range":{"start":"","end":""},"replicas":[]} | has no replicas
            preferred not a replica | "nodes":[{"id":"n1","raftAddress":"127.0.0.1:1","adminAddress":"127.0.0.1:2"},{"id":"n2","raftAddress":"127.0.0.1:3","adminAddress":"127.0.0.1:4"}] | {"id":"g1","range":{"start":"","end":""},"replicas":["n1"],"preferredLeader":"n2"} | not one of its replicas
            """)
    void rejectsInvalidClusters(String name, String nodes, String groups, String expected) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterConfigLoader.parse(cluster(nodes, groups), Path.of("/tmp"), "cluster.json"));
        assertTrue(e.getMessage().contains(expected), name + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void malformedJsonAndUnknownFieldsAreNamed() {
        ConfigException malformed = assertThrows(ConfigException.class,
                () -> ClusterConfigLoader.parse("{\"nodes\": [", Path.of("/tmp"), "c.json"));
        assertTrue(malformed.getMessage().startsWith("c.json: malformed JSON"), malformed.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ClusterConfigLoader.parse("{\"nodez\": []}", Path.of("/tmp"), "c.json"));
        assertTrue(unknown.getMessage().contains("unknown field 'nodez'"), unknown.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ClusterConfigLoader.load(Path.of("/nonexistent/cluster.json")));
        assertTrue(missing.getMessage().contains("does not exist"));
    }

    @Test
    void unwritableDataDirIsRejectedWithoutCreatingAnything(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        ConfigException e = assertThrows(ConfigException.class, () -> DataDirCheck.requireWritable(file.resolve("data/n1")));
        assertTrue(e.getMessage().contains("cannot be created"), e.getMessage());
        ConfigException f = assertThrows(ConfigException.class, () -> DataDirCheck.requireWritable(file));
        assertTrue(f.getMessage().contains("not a directory"), f.getMessage());
        assertFalse(Files.exists(file.resolveSibling("data")));
    }
}
