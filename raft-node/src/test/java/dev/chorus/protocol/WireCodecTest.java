package dev.chorus.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireCodecTest {

    @Test
    void writesRoundTrip() {
        KvRequest.Write w = new KvRequest.Write(new RequestId(1, 2, 3, 4), new KvCommand.Batch(List.of(
                new KvCommand.Put("k".getBytes(), "v".getBytes()), new KvCommand.Delete("d".getBytes()))));
        KvRequest.Write back = WireCodec.decodeWrite(WireCodec.encode(w));
        assertEquals(w.id(), back.id());
        KvCommand.Batch b = (KvCommand.Batch) back.command();
        assertArrayEquals("v".getBytes(), ((KvCommand.Put) b.mutations().get(0)).value());
        assertArrayEquals("d".getBytes(), b.mutations().get(1).key());

        KvCommand.CompareAndSet cas = (KvCommand.CompareAndSet) WireCodec.decodeWrite(WireCodec.encode(
                new KvRequest.Write(null, new KvCommand.CompareAndSet("k".getBytes(), null, "n".getBytes())))).command();
        assertNull(cas.expected());
        assertArrayEquals("n".getBytes(), cas.newValue());
    }

    @Test
    void responsesRoundTrip() {
        KvResponse.Failure f = (KvResponse.Failure) WireCodec.decodeResponse(WireCodec.encode(
                new KvResponse.Failure(ErrorCode.NOT_LEADER, "not me", "n2")));
        assertEquals(ErrorCode.NOT_LEADER, f.code());
        assertEquals("n2", f.leaderHint());
        KvResponse.ScanResult s = (KvResponse.ScanResult) WireCodec.decodeResponse(WireCodec.encode(new KvResponse.ScanResult(
                List.of(new KvResponse.KeyValue("a".getBytes(), "1".getBytes())), true)));
        assertEquals(1, s.entries().size());
        assertEquals(true, s.truncated());
    }

    @Test
    void transactionVerdictsKeepTheirWireTags() {
        // Encodings in flight between nodes of different versions must not change meaning: OUTCOME_UNKNOWN (called
        // PENDING before) is still tag 3.
        List<TxnVerdict> byTag = List.of(TxnVerdict.PREPARED, TxnVerdict.CONFLICT, TxnVerdict.REFUSED,
                TxnVerdict.OUTCOME_UNKNOWN, TxnVerdict.COMMITTED, TxnVerdict.ABORTED);
        for (int tag = 0; tag < byTag.size(); tag++) {
            TxnVerdict v = byTag.get(tag);
            byte[] encoded = WireCodec.encode(new KvResponse.TxnOutcome(v, "why"));
            assertEquals(tag, encoded[2], v.name());
            assertEquals(new KvResponse.TxnOutcome(v, "why"), WireCodec.decodeResponse(encoded));
        }
        byte[] unknownTag = WireCodec.encode(new KvResponse.TxnOutcome(TxnVerdict.ABORTED, "x"));
        unknownTag[2] = 9;
        assertThrows(MalformedMessageException.class, () -> WireCodec.decodeResponse(unknownTag));
    }

    @Test
    void everyTruncationAndRandomGarbageFailsCleanly() {
        byte[] good = WireCodec.encode(new KvRequest.Write(new RequestId(1, 2, 3, 4),
                new KvCommand.Put("key".getBytes(), "value".getBytes())));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(MalformedMessageException.class, () -> WireCodec.decodeRequest(cut), "truncated to " + len);
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            try {
                WireCodec.decodeRequest(junk);
            } catch (MalformedMessageException expected) {
                // the only acceptable failure
            }
        }
    }

    /**
     * A batch nested in a batch all the way down, each level claiming as many items as the bytes left could hold:
     * refused at the first nested batch, allocating next to nothing (it used to recurse and pre-size a list at every
     * level until the heap ran out).
     */
    @org.junit.jupiter.api.Test
    void aNestedBatchBombIsRefusedWithoutAllocating() {
        java.nio.ByteBuffer bomb = java.nio.ByteBuffer.allocate(8 << 20);
        bomb.put((byte) 1).put((byte) 1).put((byte) 0);
        while (bomb.remaining() >= 5) {
            bomb.put((byte) 4).putInt((bomb.remaining() - 4) / 2);
        }
        byte[] bytes = bomb.array();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        org.junit.jupiter.api.Assertions.assertThrows(MalformedMessageException.class, () -> WireCodec.decodeRequest(bytes));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        org.junit.jupiter.api.Assertions.assertTrue(allocated < (1 << 20), "allocated " + allocated + " bytes");
    }
}
