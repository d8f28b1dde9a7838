package dev.chorus.protocol;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the encoding of every message (see {@link WireGoldenCases}). The hex strings were generated once from the
 * codec before the command hierarchy was restructured; an existing Raft log must keep decoding, so these bytes
 * never change. A new message gets a new case; an existing case is never regenerated.
 */
class WireGoldenBytesTest {
    private static final HexFormat HEX = HexFormat.of();

    private static final Map<String, String> GOLDEN = new TreeMap<>(Map.ofEntries(
            Map.entry("command/batch", "01040000000201000000026b3100000002763102000000026b32"),
            Map.entry("command/cas", "0103000000016b000000036f6c64000000036e6577"),
            Map.entry("command/cas-absent-delete", "0103000000016bffffffffffffffff"),
            Map.entry("command/complete-abort", "010d00000002743100"),
            Map.entry("command/complete-commit", "010d00000002743101"),
            Map.entry("command/decide-abort", "010c000000027431010000000000000000"),
            Map.entry("command/decide-abort-if-expired", "010c000000027431020000000000000005"),
            Map.entry("command/decide-commit", "010c0000000274310000000000000003e8"),
            Map.entry("command/delete", "0102000000026b32"),
            Map.entry("command/finish", "010e000000027431"),
            Map.entry("command/forget", "010f00000002000000027431000000027432"),
            Map.entry("command/lock-read", "01100000000274320000000267310000000000000063000000000000012c00000002000000026b31000000026b3200000001000000026731"),
            Map.entry("command/one-phase", "010b0000000274330000000000000309000000020000000272310000000178000000027232ffffffff0000000200000001610000000163000000010000000261310000000131000000016d00000000000000000000000201000000026b3100000002763102000000026b32"),
            Map.entry("command/prepare-primary", "010a00000002743100000002673100000000000004d200000000000001f4000000020000000272310000000178000000027232ffffffff0000000200000001610000000163000000010000000261310000000131000000016d00000000000000000000000201000000026b3100000002763102000000026b3200000002000000026731000000026732000000026e31"),
            Map.entry("command/prepare-secondary", "010a000000027431000000026731000000000000000000000000000001f400000000000000000000000101000000026b3100000002763100000000ffffffff"),
            Map.entry("command/put", "0101000000026b31000000027631"),
            Map.entry("request/get-linearizable", "01020100000000016b"),
            Map.entry("request/get-stale", "01020101000000016b"),
            Map.entry("request/group-time", "01020300"),
            Map.entry("request/scan", "010202010000000161000000017a0000000a"),
            Map.entry("request/write-with-id", "010101000000000000000100000000000000020000000000000003000000000000000401000000016b0000000176"),
            Map.entry("request/write-without-id", "0101000e000000027431"),
            Map.entry("response/cas-mismatch", "01030000000003637572"),
            Map.entry("response/cas-ok", "010301ffffffff"),
            Map.entry("response/done", "0101"),
            Map.entry("response/failure", "01050000000a4e4f545f4c4541444552000000066e6f74206d65000000026e32"),
            Map.entry("response/scan", "0104000000010000000161000000013101"),
            Map.entry("response/txn-aborted", "010605ffffffff"),
            Map.entry("response/txn-committed", "010604ffffffff"),
            Map.entry("response/txn-conflict", "01060100000003776879"),
            Map.entry("response/txn-outcome_unknown", "010603ffffffff"),
            Map.entry("response/txn-prepared", "010600ffffffff"),
            Map.entry("response/txn-refused", "010602ffffffff"),
            Map.entry("response/value", "01020000000176"),
            Map.entry("response/value-absent", "0102ffffffff")
    ));

    @Test
    void everyMessageEncodesToItsGoldenBytes() {
        Map<String, String> actual = new TreeMap<>();
        WireGoldenCases.commands().forEach((n, c) -> actual.put("command/" + n, HEX.formatHex(WireCodec.encodeCommand(c))));
        WireGoldenCases.requests().forEach((n, r) -> actual.put("request/" + n, HEX.formatHex(WireCodec.encode(r))));
        WireGoldenCases.responses().forEach((n, r) -> actual.put("response/" + n, HEX.formatHex(WireCodec.encode(r))));
        if (Boolean.getBoolean("golden.print")) {
            actual.forEach((n, h) -> System.out.println("            Map.entry(\"" + n + "\", \"" + h + "\"),"));
        }
        assertEquals(GOLDEN, actual);
    }

    @Test
    void everyMessageSurvivesARoundTripByteForByte() {
        // Records holding byte arrays have no value equality; re-encoding the decoded message compares every field.
        WireGoldenCases.commands().forEach((n, c) -> {
            byte[] bytes = WireCodec.encodeCommand(c);
            assertEquals(HEX.formatHex(bytes), HEX.formatHex(WireCodec.encodeCommand(WireCodec.decodeCommand(bytes))), n);
        });
        WireGoldenCases.requests().forEach((n, r) -> {
            byte[] bytes = WireCodec.encode(r);
            assertEquals(HEX.formatHex(bytes), HEX.formatHex(WireCodec.encode(WireCodec.decodeRequest(bytes))), n);
        });
        WireGoldenCases.responses().forEach((n, r) -> {
            byte[] bytes = WireCodec.encode(r);
            assertEquals(HEX.formatHex(bytes), HEX.formatHex(WireCodec.encode(WireCodec.decodeResponse(bytes))), n);
        });
    }
}
