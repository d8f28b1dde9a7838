package dev.chorus.etcd.server;

import io.etcd.jetcd.api.ResponseHeader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Response headers of one endpoint: etcd's 64-bit cluster and member ids, derived from the cluster's name and the
 * node's id (stable across restarts, the same on every node for the cluster id), and the {@link HeaderRevision}.
 */
public final class Headers {
    private final long clusterId;
    private final long memberId;
    private final HeaderRevision revision;

    public Headers(String clusterName, String nodeId, HeaderRevision revision) {
        this.clusterId = id("cluster/" + clusterName);
        this.memberId = memberId(clusterName, nodeId);
        this.revision = revision;
    }

    public static long memberId(String clusterName, String nodeId) {
        return id("member/" + clusterName + "/" + nodeId);
    }

    public long clusterId() {
        return clusterId;
    }

    public long memberId() {
        return memberId;
    }

    public HeaderRevision revision() {
        return revision;
    }

    /** A header with the current revision. */
    public ResponseHeader header() {
        return ResponseHeader.newBuilder().setClusterId(clusterId).setMemberId(memberId)
                .setRevision(revision.current()).build();
    }

    /** A header after observing {@code seen}. */
    public ResponseHeader header(long seen) {
        revision.observe(seen);
        return header();
    }

    /** A positive 63-bit id: etcdctl prints ids as unsigned hex, and 0 means "none" in etcd. */
    private static long id(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            v &= Long.MAX_VALUE;
            return v == 0 ? 1 : v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
