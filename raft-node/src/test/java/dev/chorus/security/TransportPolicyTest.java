package dev.chorus.security;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a node may serve its Raft port without TLS, and what it needs to serve it with TLS (issue #12 item 3). */
class TransportPolicyTest {
    @TempDir
    Path dir;

    private ClusterConfig cluster(String host, String extra) throws ConfigException {
        String json = "{\"name\":\"t\"," + extra + "\"nodes\":[{\"id\":\"n1\",\"raftAddress\":\"" + host + ":7001\","
                + "\"adminAddress\":\"127.0.0.1:7002\"}],"
                + "\"groups\":[{\"id\":\"g1\",\"range\":{\"start\":\"\",\"end\":\"\"},\"replicas\":[\"n1\"]}]}";
        return ClusterConfigLoader.parse(json, dir, "cluster.json");
    }

    @Test
    void aPlainPortIsServedOnLoopbackOnly() throws Exception {
        ClusterConfig local = cluster("127.0.0.1", "");
        assertTrue(TransportPolicy.identityFor(local, local.nodes().get(0)).isEmpty());
        ClusterConfig exposed = cluster("10.1.2.3", "");
        ConfigException refused = assertThrows(ConfigException.class,
                () -> TransportPolicy.identityFor(exposed, exposed.nodes().get(0)));
        assertTrue(refused.getMessage().contains("would serve raft on 10.1.2.3 to anyone"), refused.getMessage());
    }

    @Test
    void insecureIsTheOperatorsExplicitChoice() throws Exception {
        ClusterConfig exposed = cluster("10.1.2.3", "\"insecure\":true,");
        assertTrue(TransportPolicy.identityFor(exposed, exposed.nodes().get(0)).isEmpty());
        ConfigException both = assertThrows(ConfigException.class, () -> cluster("10.1.2.3", "\"insecure\":true,\"tlsDir\":\"tls\","));
        assertTrue(both.getMessage().contains("contradict"), both.getMessage());
    }

    @Test
    void tlsNeedsItsFilesOwnerOnlyAndThisProcessSpeakingForTheNode() throws Exception {
        ClusterConfig secured = cluster("10.1.2.3", "\"tlsDir\":\"tls\",");
        ConfigException missing = assertThrows(ConfigException.class,
                () -> TransportPolicy.identityFor(secured, secured.nodes().get(0)));
        assertTrue(missing.getMessage().contains("n1.p12 is missing"), missing.getMessage());

        ClusterCa.create(dir.resolve("tls"), "t").issueNode("n1");
        // No test JVM installs jraft's client identity (it is per process): a TLS node refuses to run in it.
        ConfigException notThisProcess = assertThrows(ConfigException.class,
                () -> TransportPolicy.identityFor(secured, secured.nodes().get(0)));
        assertTrue(notThisProcess.getMessage().contains("process of its own"), notThisProcess.getMessage());

        Files.setPosixFilePermissions(dir.resolve("tls/n1.p12"), PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException loose = assertThrows(ConfigException.class, () -> TlsIdentity.node(secured, "n1"));
        assertTrue(loose.getMessage().contains("accessible to group or others"), loose.getMessage());
    }

    @Test
    void certificateNamesTellNodesFromClients() {
        assertEquals("n1", TlsIdentity.nodeIdOf(TlsIdentity.nodeName("n1")).orElseThrow());
        assertTrue(TlsIdentity.nodeIdOf(TlsIdentity.CLIENT).isEmpty());
        assertEquals("node:n1", PeerIdentity.commonName("CN=node:n1").orElseThrow());
    }
}
