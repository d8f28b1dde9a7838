package dev.chorus.etcd.cluster;

import dev.chorus.config.ClusterConfig;
import dev.chorus.etcd.server.Headers;
import dev.chorus.raft.GroupReplica;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.stub.StreamObserver;

import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * etcd's Maintenance service: {@code Status} only (what {@code etcdctl endpoint status} shows). etcd has one Raft
 * group; Chorus has many, so the leader, Raft index and term shown are those of this node's replica of the first
 * group in key order. The other calls (defragment, snapshot, alarms, hash, move-leader) answer UNIMPLEMENTED.
 */
public final class StatusService extends MaintenanceGrpc.MaintenanceImplBase {
    /** The etcd API version this endpoint speaks; etcdctl shows it. */
    static final String VERSION = "3.4.0";

    private final ClusterConfig cluster;
    private final Headers headers;
    private final Supplier<List<GroupReplica>> replicas;

    public StatusService(ClusterConfig cluster, Headers headers, Supplier<List<GroupReplica>> replicas) {
        this.cluster = cluster;
        this.headers = headers;
        this.replicas = replicas;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
        StatusResponse.Builder b = StatusResponse.newBuilder().setVersion(VERSION);
        replicas.get().stream().min(Comparator.comparing(r -> r.range().start(), dev.chorus.routing.Keys::compare))
                .ifPresent(first -> {
                    var node = first.node();
                    String leader = node == null ? null : first.nodeIdOf(node.getLeaderId());
                    if (leader != null) {
                        b.setLeader(Headers.memberId(cluster.name(), leader));
                    }
                    b.setRaftIndex(first.store().appliedIndex()).setRaftTerm(Math.max(0, first.leaderTerm()));
                });
        out.onNext(b.setHeader(headers.header()).build());
        out.onCompleted();
    }
}
