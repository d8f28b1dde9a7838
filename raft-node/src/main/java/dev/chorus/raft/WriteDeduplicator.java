package dev.chorus.raft;

import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.RequestId;
import dev.chorus.protocol.WireCodec;
import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.Family;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * Executes each client write at most once (Raft dissertation §6.3, "client sessions").
 *
 * <p>State, in the store's dedup family and therefore replicated and snapshotted with the data:
 * {@code 'R' client seq -> encoded result} for answered writes, and {@code 'W' client -> watermark}, the highest
 * "first incomplete seq" the client has reported: the client has its answers for every seq below it.
 *
 * <p>A write whose result is stored gets that result again (a retry). A write below the watermark with no stored
 * result is a stale duplicate (a delayed copy of an attempt the client already got an answer for) and is refused
 * without effect. A plain write refused with {@code LOCKED} never gets here (the state machine refuses it first), so
 * nothing is remembered for it and its retry under the same id executes once the lock is gone.
 * When the watermark advances, the results below it are deleted in the same batch, at most
 * {@link #MAX_DELETES_PER_WRITE} per write; sequence numbers are per client and group, so the gap is normally the
 * client's concurrency. Results of clients that vanish stay until a future session expiry removes them.
 */
final class WriteDeduplicator {
    static final int MAX_DELETES_PER_WRITE = 1024;

    private WriteDeduplicator() {
    }

    static KvResponse apply(ApplyBatch batch, RequestId id, Supplier<KvResponse> execute) {
        byte[] resultKey = resultKey(id, id.seq());
        byte[] earlier = batch.get(Family.DEDUP, resultKey);
        if (earlier != null) {
            return WireCodec.decodeResponse(earlier);
        }
        byte[] watermarkKey = watermarkKey(id);
        byte[] stored = batch.get(Family.DEDUP, watermarkKey);
        long watermark = stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
        if (id.seq() < watermark) {
            return new KvResponse.Failure(ErrorCode.BAD_REQUEST,
                    "stale duplicate of write " + id.seq() + ", which this client already completed", null);
        }
        KvResponse response = execute.get();
        batch.put(Family.DEDUP, resultKey, WireCodec.encode(response));
        if (id.firstIncompleteSeq() > watermark) {
            long until = Math.min(id.firstIncompleteSeq(), watermark + MAX_DELETES_PER_WRITE);
            for (long seq = watermark; seq < until; seq++) {
                batch.delete(Family.DEDUP, resultKey(id, seq));
            }
            batch.put(Family.DEDUP, watermarkKey, ByteBuffer.allocate(8).putLong(id.firstIncompleteSeq()).array());
        }
        return response;
    }

    private static byte[] resultKey(RequestId id, long seq) {
        return ByteBuffer.allocate(25).put((byte) 'R').putLong(id.clientHigh()).putLong(id.clientLow()).putLong(seq).array();
    }

    private static byte[] watermarkKey(RequestId id) {
        return ByteBuffer.allocate(17).put((byte) 'W').putLong(id.clientHigh()).putLong(id.clientLow()).array();
    }
}
