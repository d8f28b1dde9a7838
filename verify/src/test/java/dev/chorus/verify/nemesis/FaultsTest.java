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
    void plusStacksFaultsIntoOne() {
        List<Fault> faults = Faults.parse("kill+partition, delay,one-way+loss+member");
        assertEquals(List.of("kill+partition", "delay", "one-way+loss+member"), faults.stream().map(Fault::name).toList());
        StackedFault stack = (StackedFault) faults.get(0);
        assertEquals(List.of("kill", "partition"), stack.parts().stream().map(Fault::name).toList());
        assertTrue(Faults.all().stream().noneMatch(f -> f instanceof StackedFault), "all means every single fault");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse("kill+"));
        assertTrue(e.getMessage().contains("unknown fault ''"), e.getMessage());
    }

    @Test
    void unknownFaultNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse("kill,meteor"));
        assertTrue(e.getMessage().contains("meteor") && e.getMessage().contains("isolate-leader"), e.getMessage());
    }
}
