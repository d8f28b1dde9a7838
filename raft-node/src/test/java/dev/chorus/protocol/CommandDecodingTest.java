package dev.chorus.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bytes no command has are refused with {@link MalformedMessageException}, never decoded into something else. */
class CommandDecodingTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String refusal(String hex) {
        return assertThrows(MalformedMessageException.class, () -> WireCodec.decodeCommand(HEX.parseHex(hex))).getMessage();
    }

    @Test
    void anUnknownTagIsRefused() {
        assertEquals("unknown command tag 99", refusal("0163"));
        assertEquals("unknown command tag 0", refusal("0100"));
    }

    @Test
    void anUnknownDecisionIsRefused() {
        // decide t1 with decision byte 3 (COMMIT 0, ABORT 1, ABORT_IF_EXPIRED 2).
        assertEquals("unknown decision 3", refusal("010c00000002743103" + "0000000000000000"));
    }

    @Test
    void aBatchHoldsOnlyPutsAndDeletes() {
        byte[] nested = WireCodec.encodeCommand(new KvCommand.Batch(List.of(new KvCommand.Delete(new byte[]{'k'}))));
        nested[6] = CommandTag.BATCH.wireTag();
        assertEquals("a batch may hold only puts and deletes (tag 4)",
                assertThrows(MalformedMessageException.class, () -> WireCodec.decodeCommand(nested)).getMessage());
    }

    @Test
    void anUnknownReadConsistencyIsRefused() {
        byte[] get = WireCodec.encode(new KvRequest.Read(new KvRead.Get(new byte[]{'k'}, KvRead.Consistency.STALE)));
        get[3] = 2;
        assertEquals("unknown consistency 2",
                assertThrows(MalformedMessageException.class, () -> WireCodec.decodeRequest(get)).getMessage());
    }

    @Test
    void everyTagNamesOneCommand() {
        for (CommandTag t : CommandTag.values()) {
            assertEquals(t, CommandTag.ofWireTag(t.wireTag()));
        }
        assertEquals(CommandTag.values().length,
                Arrays.stream(CommandTag.values()).map(CommandTag::wireTag).distinct().count());
    }
}
