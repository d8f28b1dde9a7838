package dev.chorus.txn.client;

/**
 * Per-transaction limits, checked by the client before anything is sent: at most {@code maxKeys} keys read,
 * scanned or written, and at most {@code maxBytes} of keys and values in all.
 */
public record TxnLimits(int maxKeys, int maxBytes) {
    public static final TxnLimits DEFAULT = new TxnLimits(1024, 1 << 20);
}
