package dev.chorus.participant;

import dev.chorus.protocol.ByteReader;
import dev.chorus.protocol.ByteWriter;
import dev.chorus.routing.Keys;

/**
 * A range {@code [start, end)} a pending transaction has scanned (empty {@code end} = to the group's end): nobody
 * else may write into it until that transaction ends.
 */
record RangeLock(byte[] start, byte[] end, String holder) {
    boolean contains(byte[] key) {
        return Keys.compare(key, start) >= 0 && (end.length == 0 || Keys.compare(key, end) < 0);
    }

    byte[] encode() {
        return new ByteWriter().putBytes(start).putBytes(end).putString(holder).toByteArray();
    }

    static RangeLock decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        return new RangeLock(in.getBytes(), in.getBytes(), in.getString());
    }
}
