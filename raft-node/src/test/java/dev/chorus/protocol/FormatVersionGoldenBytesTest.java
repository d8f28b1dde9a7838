package dev.chorus.protocol;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The formats' versions and the bytes around the messages {@link WireGoldenBytesTest} pins: log entries (the stamped
 * format and the bare write written before stamps existed), bolt's request envelope, a client's transaction for a
 * coordinator. As there, a hex string here never changes: a Raft log written with it must keep decoding.
 */
class FormatVersionGoldenBytesTest {
    private static final HexFormat HEX = HexFormat.of();
    /** {@code request/write-with-id} of {@link WireGoldenBytesTest}: version 1, a write with an id, a put k=v. */
    private static final String WRITE = "010101000000000000000100000000000000020000000000000003000000000000000401000000016b0000000176";
    /** {@code command/one-phase} of {@link WireGoldenBytesTest}. */
    private static final String ONE_PHASE = "010b0000000274330000000000000309000000020000000272310000000178000000027232ffffffff0000000200000001610000000163000000010000000261310000000131000000016d00000000000000000000000201000000026b3100000002763102000000026b32";

    @Test
    void aStampedEntryHasItsFormatByteThenTheStampThenTheWrite() {
        String golden = "e1" + "0000018bcfe56800" + WRITE;
        assertEquals(golden, HEX.formatHex(LogEntry.encode(1_700_000_000_000L, HEX.parseHex(WRITE))));
        LogEntry e = LogEntry.decode(HEX.parseHex(golden));
        assertTrue(e.stamped());
        assertEquals(1_700_000_000_000L, e.stampMs());
        assertEquals(WRITE, HEX.formatHex(WireCodec.encode(WireCodec.decodeWrite(e.write()))));
    }

    @Test
    void anEntryWrittenBeforeStampsIsTheBareWriteAndStillDecodes() {
        LogEntry e = LogEntry.decode(HEX.parseHex(WRITE));
        assertFalse(e.stamped());
        assertEquals(-1, e.stampMs());
        assertEquals(WRITE, HEX.formatHex(WireCodec.encode(WireCodec.decodeWrite(e.write()))));
    }

    @Test
    void anEntryFormatFromTheFutureIsRefusedNotMisreadAsAWrite() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> LogEntry.decode(HEX.parseHex("e2" + "0000018bcfe56800" + WRITE)));
        assertEquals("unsupported log entry format 0xE2", e.getMessage());
        assertTrue((WireCodec.VERSION & 0xFF) < LogEntry.FIRST_ENTRY_FORMAT, "message versions stay below entry formats");
    }

    @Test
    void aMessageVersionFromTheFutureIsRefused() {
        byte[] bytes = HEX.parseHex(WRITE);
        bytes[0] = 2;
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> WireCodec.decodeRequest(bytes));
        assertEquals("unsupported message version 2", e.getMessage());
        assertThrows(MalformedMessageException.class, () -> WireCodec.decodeResponse(HEX.parseHex("0201")));
    }

    @Test
    void boltsRequestEnvelopeIsTheGroupAndTheMessage() {
        // Encoded by WireSerializers (registered on bolt); the version is the message's own first byte.
        String golden = "00000002" + "6731" + "0000002e" + WRITE;
        byte[] bytes = serialized(new RpcEnvelope.Request("g1", HEX.parseHex(WRITE)));
        assertEquals(golden, HEX.formatHex(bytes));
    }

    @Test
    void aClientsTransactionHasTheBytesOfTheOnePhaseCommandItWasBeforeTheTypesWereSplit() {
        List<KvCommand.ReadCheck> reads = List.of(new KvCommand.ReadCheck(b("r1"), b("x")), new KvCommand.ReadCheck(b("r2"), null));
        List<KvCommand.RangeCheck> ranges = List.of(new KvCommand.RangeCheck(b("a"), b("c"),
                List.of(new KvResponse.KeyValue(b("a1"), b("1")))), new KvCommand.RangeCheck(b("m"), new byte[0], List.of()));
        TxnCommitRequest request = new TxnCommitRequest("t3", 777, reads, ranges,
                List.of(new KvCommand.Put(b("k1"), b("v1")), new KvCommand.Delete(b("k2"))));
        assertEquals(ONE_PHASE, HEX.formatHex(WireCodec.encode(request)));
        TxnCommitRequest back = WireCodec.decodeCommitRequest(HEX.parseHex(ONE_PHASE));
        assertEquals(ONE_PHASE, HEX.formatHex(WireCodec.encode(back)));
        assertEquals(777, back.deadlineMs());
        MalformedMessageException notATxn = assertThrows(MalformedMessageException.class,
                () -> WireCodec.decodeCommitRequest(HEX.parseHex("0101000000026b31000000027631")));
        assertEquals("not a transaction", notATxn.getMessage());
    }

    private static byte[] serialized(RpcEnvelope.Request request) {
        WireSerializers.registerEnvelopes();
        com.alipay.remoting.rpc.protocol.RpcRequestCommand cmd = new com.alipay.remoting.rpc.protocol.RpcRequestCommand(request);
        try {
            com.alipay.remoting.CustomSerializerManager.getCustomSerializer(RpcEnvelope.Request.class.getName())
                    .serializeContent(cmd, null);
        } catch (com.alipay.remoting.exception.SerializationException e) {
            throw new AssertionError(e);
        }
        return cmd.getContent();
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
