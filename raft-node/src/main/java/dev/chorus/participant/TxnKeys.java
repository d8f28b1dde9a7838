package dev.chorus.participant;

import dev.chorus.storage.Family;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where the participant keeps what, in the group's replicated state. The only place that knows the layout:
 * <ul>
 *   <li>{@link Family#LOCK}: user key -> {@link LockRecord} (at most one lock per key);</li>
 *   <li>{@link Family#RANGE_LOCK}: txn id, 0, 4-byte index -> {@link RangeLock} of a range the transaction scanned;</li>
 *   <li>{@link Family#TXN}: {@code 'r'} txn id -> {@link TxnRecord} (only in the primary group) and
 *       {@code 'p'} txn id -> {@link ParticipantState} (in every group the transaction touched).</li>
 * </ul>
 * Existing stores hold these keys, so the layout never changes.
 */
public final class TxnKeys {
    private static final byte RECORD = 'r';
    private static final byte STATE = 'p';

    /** {@code [RECORDS_START, RECORDS_END)} of {@link Family#TXN} holds exactly the transaction records. */
    static final byte[] RECORDS_START = {RECORD};
    static final byte[] RECORDS_END = {RECORD + 1};
    /** {@code [STATES_START, STATES_END)} of {@link Family#TXN} holds exactly the participant states. */
    static final byte[] STATES_START = {STATE};
    static final byte[] STATES_END = {STATE + 1};

    private TxnKeys() {
    }

    static byte[] record(String txnId) {
        return prefixed(RECORD, txnId);
    }

    static byte[] state(String txnId) {
        return prefixed(STATE, txnId);
    }

    /** The transaction a participant-state key belongs to. */
    static String txnIdOfState(byte[] stateKey) {
        return new String(stateKey, 1, stateKey.length - 1, StandardCharsets.UTF_8);
    }

    static byte[] rangeLock(String txnId, int index) {
        byte[] id = txnId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(id.length + 5).put(id).put((byte) 0).putInt(index).array();
    }

    private static byte[] prefixed(byte prefix, String txnId) {
        byte[] id = txnId.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[id.length + 1];
        key[0] = prefix;
        System.arraycopy(id, 0, key, 1, id.length);
        return key;
    }
}
