package dev.chorus.rpc;

import com.alipay.sofa.jraft.entity.PeerId;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;

import java.util.Map;
import java.util.Optional;

/**
 * Who a Raft message says it is from: the {@code server_id} every jraft Raft request carries, mapped to the node
 * configured at that address.
 *
 * @param nodeIdByAddress node id by Raft address {@code ip:port}
 */
public record RaftSenders(Map<String, String> nodeIdByAddress) {
    public RaftSenders {
        nodeIdByAddress = Map.copyOf(nodeIdByAddress);
    }

    /**
     * The declared sender's node id; empty for a message with no {@code server_id} (client requests, pings,
     * snapshot file chunks), and {@code ""} for a sender at no configured address.
     */
    public Optional<String> of(Object request) {
        if (!(request instanceof Message m)) {
            return Optional.empty();
        }
        Descriptors.FieldDescriptor field = m.getDescriptorForType().findFieldByName("server_id");
        if (field == null || !m.hasField(field)) {
            return Optional.empty();
        }
        PeerId peer = PeerId.parsePeer((String) m.getField(field));
        return Optional.of(peer == null ? "" : nodeIdByAddress.getOrDefault(peer.getIp() + ":" + peer.getPort(), ""));
    }
}
