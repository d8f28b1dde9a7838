package dev.chorus.participant;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the encoding of what the participant keeps in the replicated state (and so in every snapshot): transaction
 * records, participant states of each {@link TxnState}, locks. Generated once before the participant was
 * restructured; these bytes never change.
 */
class StoredRecordGoldenBytesTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void transactionRecordsKeepTheirBytes() {
        for (TxnState s : TxnState.values()) {
            TxnRecord r = new TxnRecord("t1", s, List.of("g1", "g2"), "n1", 10, 20, 30, s == TxnState.COMMITTED, 40);
            assertEquals(golden("record/" + s), HEX.formatHex(r.encode()), s.name());
            assertEquals(HEX.formatHex(r.encode()), HEX.formatHex(TxnRecord.decode(r.encode()).encode()));
        }
    }

    @Test
    void participantStatesKeepTheirBytes() {
        for (TxnState s : TxnState.values()) {
            ParticipantState p = new ParticipantState(s, "g1", 10, List.of(b("k1"), b("k2")), 1, 50, 60);
            assertEquals(golden("state/" + s), HEX.formatHex(p.encode()), s.name());
            assertEquals(HEX.formatHex(p.encode()), HEX.formatHex(ParticipantState.decode(p.encode()).encode()));
        }
    }

    @Test
    void locksKeepTheirBytes() {
        LockRecord write = new LockRecord("t1", "g1", true, b("v"), 10, 20);
        LockRecord read = new LockRecord("t1", "g1", false, null, 10, 20);
        assertEquals(golden("lock/write"), HEX.formatHex(write.encode()));
        assertEquals(golden("lock/read"), HEX.formatHex(read.encode()));
    }

    private static String golden(String name) {
        return switch (name) {
            case "record/PENDING" -> "0000000274310000000002000000026731000000026732000000026e31000000000000000a0000000000000014000000000000001e000000000000000028";
            case "record/COMMITTED" -> "0000000274310100000002000000026731000000026732000000026e31000000000000000a0000000000000014000000000000001e010000000000000028";
            case "record/ABORTED" -> "0000000274310200000002000000026731000000026732000000026e31000000000000000a0000000000000014000000000000001e000000000000000028";
            case "lock/write" -> "000000027431000000026731010000000176000000000000000a0000000000000014";
            case "lock/read" -> "00000002743100000002673100ffffffff000000000000000a0000000000000014";
            case "state/PENDING" -> "00000000026731000000000000000a00000002000000026b31000000026b32000000010000000000000032000000000000003c";
            case "state/COMMITTED" -> "01000000026731000000000000000a00000002000000026b31000000026b32000000010000000000000032000000000000003c";
            case "state/ABORTED" -> "02000000026731000000000000000a00000002000000026b31000000026b32000000010000000000000032000000000000003c";
            default -> throw new IllegalArgumentException(name);
        };
    }
}
