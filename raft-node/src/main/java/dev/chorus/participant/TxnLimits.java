package dev.chorus.participant;

import dev.chorus.protocol.KvCommand;

import java.util.List;

/**
 * Per-transaction limits: at most {@code maxKeys} keys read, scanned or written, and at most {@code maxBytes} of
 * keys and values read or written. The client checks them as the transaction grows, so that it fails early; the
 * coordinator and every participant enforce them, because a client that skips its checks must not get past them.
 * The servers count no more than the client does (a key written twice counts once), so whatever the client lets
 * through, they accept.
 */
public record TxnLimits(int maxKeys, int maxBytes) {
    public static final TxnLimits DEFAULT = new TxnLimits(1024, 1 << 20);

    /** Why a transaction with these reads, scanned ranges and writes is over the limits, or null if it is not. */
    public String violation(List<KvCommand.ReadCheck> reads, List<KvCommand.RangeCheck> ranges,
                            List<KvCommand.Mutation> writes) {
        long keys = (long) reads.size() + writes.size();
        long bytes = 0;
        for (KvCommand.RangeCheck r : ranges) {
            keys += r.entries().size();
        }
        for (KvCommand.ReadCheck r : reads) {
            bytes += r.key().length + (r.expected() == null ? 0 : r.expected().length);
        }
        for (KvCommand.Mutation m : writes) {
            bytes += m.key().length + (m instanceof KvCommand.Put p ? p.value().length : 0);
        }
        return keys > maxKeys || bytes > maxBytes ? describe(keys, bytes) : null;
    }

    /** Why a lock-read of {@code keys} is over the limits, or null if it is not. */
    public String violation(List<byte[]> keys) {
        return keys.size() > maxKeys ? describe(keys.size(), 0) : null;
    }

    private String describe(long keys, long bytes) {
        return "transaction too large: " + keys + " keys and " + bytes + " bytes; the limit is " + maxKeys
                + " keys and " + maxBytes + " bytes";
    }
}
