package dev.chorus.participant;

import dev.chorus.protocol.ByteReader;
import dev.chorus.protocol.ByteWriter;

/**
 * A transaction's lock on one key, stored under the key in the {@code lock} family. A write lock carries the
 * intent: the value to write ({@code value}) or a delete ({@code value == null}) on commit. Locks are exclusive.
 *
 * @param createdMs this group's time ({@code GroupTime}) when the lock was taken; with {@code ttlMs} it shows how old
 *                  the lock is. Resolvers judge abandonment by the record's expiry in the primary group, not by this
 */
public record LockRecord(String txnId, String primaryGroup, boolean write, byte[] value, long createdMs, long ttlMs) {

    public boolean expiredAt(long nowMs) {
        return nowMs > createdMs + ttlMs;
    }

    byte[] encode() {
        ByteWriter out = new ByteWriter();
        out.putString(txnId).putString(primaryGroup).put((byte) (write ? 1 : 0)).putBytes(value).putLong(createdMs)
                .putLong(ttlMs);
        return out.toByteArray();
    }

    static LockRecord decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        return new LockRecord(in.getString(), in.getString(), in.get() != 0, in.getBytes(), in.getLong(), in.getLong());
    }
}
