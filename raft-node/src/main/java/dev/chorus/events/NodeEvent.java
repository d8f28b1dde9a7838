package dev.chorus.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * Something that happened on a node, as served by {@code GET /events}: a per-node sequence number, wall-clock time,
 * the node, the group (null for node-wide events), a type and type-specific details (e.g. {@code term}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeEvent(long seq, long timestampMs, String node, String group, String type, Map<String, Object> details) {

    /** The event types nodes emit; consumers must tolerate types they do not know. */
    public static final class Types {
        public static final String NODE_STARTED = "NODE_STARTED";
        public static final String NODE_STOPPING = "NODE_STOPPING";
        public static final String LEADER_ELECTED = "LEADER_ELECTED";
        public static final String LEADER_STEPPED_DOWN = "LEADER_STEPPED_DOWN";
        public static final String FOLLOWING = "FOLLOWING";
        public static final String SNAPSHOT_SAVED = "SNAPSHOT_SAVED";
        public static final String SNAPSHOT_INSTALLED = "SNAPSHOT_INSTALLED";
        public static final String FAULT_APPLIED = "FAULT_APPLIED";
        public static final String FAULT_HEALED = "FAULT_HEALED";
        /** This node started an (empty) replica of the group, for a membership change to add. */
        public static final String REPLICA_ADDED = "REPLICA_ADDED";
        /** This node stopped its replica of the group and deleted its data. */
        public static final String REPLICA_DROPPED = "REPLICA_DROPPED";
        /** The group's committed configuration changed (on the leader); details: peers, learners. */
        public static final String MEMBERSHIP_CHANGED = "MEMBERSHIP_CHANGED";
        /** A follower or learner that lagged reached the leader's last index (on the leader); details: node. */
        public static final String REPLICA_CAUGHT_UP = "REPLICA_CAUGHT_UP";
        public static final String FAILPOINT_ARMED = "FAILPOINT_ARMED";
        public static final String FAILPOINT_CLEARED = "FAILPOINT_CLEARED";
        public static final String FAILPOINT_FIRED = "FAILPOINT_FIRED";
        /** A participant group applied a transaction's prepare (on its leader); details: txn. */
        public static final String TXN_PREPARED = "TXN_PREPARED";
        /** The transaction record reached COMMITTED or ABORTED (in the primary group); details: txn. */
        public static final String TXN_COMMITTED = "TXN_COMMITTED";
        public static final String TXN_ABORTED = "TXN_ABORTED";
        /** A participant applied or dropped its intents; details: txn, outcome. */
        public static final String TXN_COMPLETED = "TXN_COMPLETED";
        /** A resolver finished an abandoned transaction's locks; details: txn, outcome. */
        public static final String TXN_RESOLVED = "TXN_RESOLVED";
        /**
         * A resolver could not finish an expired lock or record (its primary group unreachable or unknown); it retries
         * with backoff. Details: txn, key (for a lock), primaryGroup, reason, attempt, retryInMs.
         */
        public static final String TXN_RESOLVE_FAILED = "TXN_RESOLVE_FAILED";

        /** Every type, in the order above (for filters). */
        public static final java.util.List<String> ALL = java.util.List.of(NODE_STARTED, NODE_STOPPING, LEADER_ELECTED,
                LEADER_STEPPED_DOWN, FOLLOWING, SNAPSHOT_SAVED, SNAPSHOT_INSTALLED, FAULT_APPLIED, FAULT_HEALED,
                REPLICA_ADDED, REPLICA_DROPPED, MEMBERSHIP_CHANGED, REPLICA_CAUGHT_UP, FAILPOINT_ARMED, FAILPOINT_CLEARED,
                FAILPOINT_FIRED, TXN_PREPARED, TXN_COMMITTED, TXN_ABORTED, TXN_COMPLETED, TXN_RESOLVED,
                TXN_RESOLVE_FAILED);

        private Types() {
        }
    }
}
