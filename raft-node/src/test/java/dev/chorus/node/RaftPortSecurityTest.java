package dev.chorus.node;

import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.rpc.CliRequests;
import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.util.Endpoint;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;
import com.google.protobuf.Message;
import dev.chorus.client.ChorusClient;
import dev.chorus.config.NodeSpec;
import dev.chorus.raft.GroupReplica;
import dev.chorus.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #12, items 1 and 2: a node's Raft/client port listens on the configured host only, and serves Raft and
 * Chorus messages only: jraft's CLI service (which can rewrite a group's membership without a quorum) is not there.
 */
class RaftPortSecurityTest {
    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(3);
        cluster.awaitLeaders();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private NodeSpec spec(String id) {
        return cluster.config().node(id).orElseThrow();
    }

    @Test
    void raftPortListensOnTheConfiguredHostOnly() throws Exception {
        NodeSpec n1 = spec("n1");
        assertEquals("127.0.0.1", n1.raft().host());
        int port = n1.raft().port();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000); // the configured address works
        }
        List<InetAddress> others = new ArrayList<>();
        others.add(InetAddress.getByName("127.0.0.2")); // Linux routes all of 127/8 to lo
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    others.add(a);
                }
            }
        }
        for (InetAddress other : others) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(other, port), 2000);
                fail("the raft port of n1 (configured on 127.0.0.1) accepts connections on " + other.getHostAddress());
            } catch (ConnectException expected) {
                // refused: nothing listens there
            }
        }
    }

    @Test
    void jraftCliRequestsAreRefusedAndChangeNothing() throws Exception {
        String group = "g1";
        String leader = cluster.awaitLeader(group);
        GroupReplica leaderReplica = cluster.replica(leader, group);
        String leaderPeer = leaderReplica.peerOf(leader).toString();
        String follower = cluster.runningNodes().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        String followerPeer = leaderReplica.peerOf(follower).toString();
        List<String> voters = cluster.runningNodes().stream().map(n -> leaderReplica.peerOf(n).toString()).toList();
        String stranger = "127.0.0.1:1";

        // Every request type of jraft's CliService, each with arguments that would change something if served.
        Map<String, Message> requests = new java.util.LinkedHashMap<>();
        requests.put("ResetPeer", CliRequests.ResetPeerRequest.newBuilder().setGroupId(group).setPeerId(followerPeer)
                .addAllOldPeers(voters).addNewPeers(followerPeer).build());
        requests.put("ChangePeers", CliRequests.ChangePeersRequest.newBuilder().setGroupId(group).setLeaderId(leaderPeer)
                .addNewPeers(leaderPeer).build());
        requests.put("AddPeer", CliRequests.AddPeerRequest.newBuilder().setGroupId(group).setLeaderId(leaderPeer)
                .setPeerId(stranger).build());
        requests.put("RemovePeer", CliRequests.RemovePeerRequest.newBuilder().setGroupId(group).setLeaderId(leaderPeer)
                .setPeerId(followerPeer).build());
        requests.put("AddLearners", CliRequests.AddLearnersRequest.newBuilder().setGroupId(group).setLeaderId(leaderPeer)
                .addLearners(stranger).build());
        requests.put("RemoveLearners", CliRequests.RemoveLearnersRequest.newBuilder().setGroupId(group)
                .setLeaderId(leaderPeer).addLearners(stranger).build());
        requests.put("ResetLearners", CliRequests.ResetLearnersRequest.newBuilder().setGroupId(group)
                .setLeaderId(leaderPeer).addLearners(stranger).build());
        requests.put("TransferLeader", CliRequests.TransferLeaderRequest.newBuilder().setGroupId(group)
                .setLeaderId(leaderPeer).setPeerId(followerPeer).build());
        requests.put("Snapshot", CliRequests.SnapshotRequest.newBuilder().setGroupId(group).setPeerId(leaderPeer).build());
        requests.put("GetLeader", CliRequests.GetLeaderRequest.newBuilder().setGroupId(group).setPeerId(followerPeer).build());
        requests.put("GetPeers", CliRequests.GetPeersRequest.newBuilder().setGroupId(group).setLeaderId(leaderPeer).build());

        RpcClient client = RpcFactoryHelper.rpcFactory().createRpcClient();
        client.init(new com.alipay.sofa.jraft.option.RpcOptions());
        List<String> served = new ArrayList<>();
        try {
            Endpoint leaderEndpoint = PeerId.parsePeer(leaderPeer).getEndpoint();
            Endpoint followerEndpoint = PeerId.parsePeer(followerPeer).getEndpoint();
            for (Map.Entry<String, Message> r : requests.entrySet()) {
                Endpoint target = r.getKey().equals("ResetPeer") || r.getKey().equals("GetLeader") ? followerEndpoint : leaderEndpoint;
                Object response;
                try {
                    response = client.invokeSync(target, r.getValue(), 5000);
                } catch (Exception refused) {
                    // bolt answers a request type nobody registered with a server error (its log: "No user processor
                    // found for request"); a timeout or a dropped connection would be something else.
                    assertTrue(String.valueOf(refused.getMessage()).contains("InvokeServerException"), r.getKey() + ": " + refused);
                    continue;
                }
                // Any answer, even a jraft error ("not leader"), means a CLI processor looked at the request.
                served.add(r.getKey() + " -> " + response.getClass().getSimpleName() + " " + response.toString().replace('\n', ' '));
            }
        } finally {
            client.shutdown();
        }
        assertEquals(List.of(), served, "jraft CLI requests must not be served on the raft port");

        // The group is as it was: three voters on every replica, one leader, writes work.
        Thread.sleep(2 * TestCluster.ELECTION_TIMEOUT_MS);
        for (String n : cluster.runningNodes()) {
            Configuration conf = com.alipay.sofa.jraft.core.ChorusIntrospection.configuration(cluster.replica(n, group).node());
            assertEquals(3, conf.getPeers().size(), n + "'s configuration of " + group + ": " + conf);
            assertEquals(0, conf.getLearners().size(), n + "'s configuration of " + group + ": " + conf);
        }
        cluster.awaitLeader(group);
        ChorusClient kv = cluster.client();
        kv.put(utf8("a-after-cli"), utf8("1"));
        assertEquals("1", new String(kv.get(utf8("a-after-cli")).orElseThrow()));
        long leaders = cluster.runningNodes().stream().filter(n -> cluster.replica(n, group).node().isLeader()).count();
        assertEquals(1, leaders, cluster.describe());
    }
}
