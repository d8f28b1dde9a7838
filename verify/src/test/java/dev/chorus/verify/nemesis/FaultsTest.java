package dev.chorus.verify.nemesis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsTest {

    @Test
    void parsesNamesAllAndNone() {
        assertEquals(List.of("kill", "partition", "clock"), Faults.parse("kill, partition,clock").stream().map(Fault::name).toList());
        assertEquals(Faults.names(), Faults.parse("all").stream().map(Fault::name).toList());
        assertTrue(Faults.parse("none").isEmpty());
        assertEquals(Faults.names().size(), Faults.names().stream().distinct().count(), "names are unique");
    }

    @Test
    void unknownFaultNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse("kill,meteor"));
        assertTrue(e.getMessage().contains("meteor") && e.getMessage().contains("isolate-leader"), e.getMessage());
    }
}
