package dev.chorus.verify.nemesis;

import dev.chorus.client.ChorusException;

import java.util.List;
import java.util.Random;

/**
 * A membership change: a random follower of a random group is removed from it (its replica dropped, as
 * {@code chorus member remove}), and the heal adds it back as a voter on an empty replica (as
 * {@code chorus member add}), which catches up by snapshot and log. Only groups of 3 members or more are shrunk,
 * so the group keeps a majority to spare for the other faults.
 *
 * <p>The heal works from what the group's leader says now, not from what the injection managed: a remove that
 * failed half-way (the leader removed the member but its replica was not dropped, or the request timed out after
 * the change was made) is still undone, and a heal that runs twice does nothing the second time.
 */
public final class MemberFault implements Fault {
    private static final int MIN_MEMBERS = 3;

    @Override
    public String name() {
        return "member";
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) {
        String group = Targets.any(cluster.groups(), random);
        List<String> members = cluster.members(group);
        if (members == null || members.size() < MIN_MEMBERS) {
            return null;
        }
        String node = Targets.any(members.subList(1, members.size()), random); // members.get(0) is the leader
        String detail = group + " -" + node;
        try {
            String warning = cluster.removeMember(group, node);
            if (warning != null) {
                detail += " (" + warning + ")";
            }
        } catch (RuntimeException e) {
            // Whether the change was made is unknown: the heal must run either way, so this is not an error.
            detail += " (remove failed: " + e.getMessage() + ")";
        }
        java.util.concurrent.atomic.AtomicBoolean leftoverDropped = new java.util.concurrent.atomic.AtomicBoolean();
        return new Injected(detail, false, () -> restore(cluster, group, node, leftoverDropped));
    }

    /**
     * Makes {@code node} a member of {@code group} again, unless it is one. {@code leftoverDropped} is this fault's
     * own: only the first attempt drops a replica left over from the remove; a later attempt keeps the replica the
     * previous one created and filled, so a retry resumes the catch-up instead of starting it from empty again
     * (under heavy load jraft gives up on a new voter whose snapshot install outlasts an election timeout:
     * "Peer failed to catch up", seen in a 10-minute bank run, and every retry from empty failed the same way).
     */
    static void restore(ClusterControl cluster, String group, String node,
                        java.util.concurrent.atomic.AtomicBoolean leftoverDropped) {
        List<String> members = cluster.members(group);
        if (members == null) {
            throw new IllegalStateException(group + " has no leader to add " + node + " back");
        }
        if (members.contains(node)) {
            return;
        }
        // A replica left over from a half-done remove has applied the configuration without itself, and jraft's
        // catch-up of such a replica can hang (see ClusterAdmin.promote): it rejoins empty, like any new replica.
        if (!leftoverDropped.get()) {
            try {
                cluster.dropReplica(group, node);
            } catch (ChorusException e) {
                // No replica there (the usual case), or the node is down: adding it back says which.
            }
            leftoverDropped.set(true);
        }
        cluster.addMember(group, node);
    }
}
