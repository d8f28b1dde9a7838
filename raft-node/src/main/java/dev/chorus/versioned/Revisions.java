package dev.chorus.versioned;

import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.Family;
import dev.chorus.storage.StateView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A group's revision: the revision of its latest change to the versioned keyspace, kept in the replicated state
 * (family META) so that every replica, applying the same log, assigns the same revisions. A change gets
 * {@code max(revision, floor) + 1}, where the command's floor is the highest revision its sender had seen in any
 * group: revisions never go backwards in a group, and a change made after seeing revision R (anywhere, through the
 * same etcd endpoint) gets a revision above R.
 */
public final class Revisions {
    private static final byte[] KEY = "versioned-revision".getBytes(StandardCharsets.UTF_8);

    private Revisions() {
    }

    public static long current(StateView state) {
        byte[] b = state.get(Family.META, KEY);
        return b == null ? 0 : ByteBuffer.wrap(b).getLong();
    }

    public static void set(ApplyBatch batch, long revision) {
        batch.put(Family.META, KEY, ByteBuffer.allocate(8).putLong(revision).array());
    }
}
