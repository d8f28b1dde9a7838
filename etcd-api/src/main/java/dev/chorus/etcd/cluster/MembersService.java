package dev.chorus.etcd.cluster;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.NodeSpec;
import dev.chorus.etcd.server.Headers;
import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.Member;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.api.MemberListResponse;
import io.grpc.stub.StreamObserver;

/**
 * etcd's Cluster service, read-only: every node of the cluster file is a member (peer URL: its Raft address; client
 * URL: its etcd address, if it serves one). Membership changes go through Chorus's own admin API (per group), so
 * MemberAdd/Remove/Update/Promote answer UNIMPLEMENTED.
 */
public final class MembersService extends ClusterGrpc.ClusterImplBase {
    private final ClusterConfig cluster;
    private final Headers headers;

    public MembersService(ClusterConfig cluster, Headers headers) {
        this.cluster = cluster;
        this.headers = headers;
    }

    @Override
    public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> out) {
        MemberListResponse.Builder b = MemberListResponse.newBuilder().setHeader(headers.header());
        for (NodeSpec n : cluster.nodes()) {
            Member.Builder m = Member.newBuilder().setID(Headers.memberId(cluster.name(), n.id())).setName(n.id())
                    .addPeerURLs("http://" + n.raftAddress());
            n.etcd().ifPresent(e -> m.addClientURLs("http://" + e));
            b.addMembers(m);
        }
        out.onNext(b.build());
        out.onCompleted();
    }
}
