package dev.chorus.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.admin.AdminException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultAdminTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> changes = new ArrayList<>();

    private FaultAdmin admin(boolean enabled, FaultTable table) {
        return new FaultAdmin(enabled, List.of("n1", "n2", "n3"), table, (type, d) -> changes.add(type + " " + d));
    }

    @Test
    void disabledClusterRefusesWith403() {
        AdminException e = assertThrows(AdminException.class,
                () -> admin(false, new FaultTable(null)).apply(JSON.readTree("{\"type\":\"isolate\",\"node\":\"n1\"}")));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("disabled"));
        assertTrue(changes.isEmpty());
    }

    @Test
    void isolateCutsEveryLinkOfTheNodeBothWays() throws Exception {
        FaultTable table = new FaultTable(null);
        admin(true, table).apply(JSON.readTree("{\"type\":\"isolate\",\"node\":\"n1\"}"));
        assertEquals(4, table.list().size());
        assertEquals(FaultTable.Action.DROP, table.decide("n1", "n2").action());
        assertEquals(FaultTable.Action.DROP, table.decide("n3", "n1").action());
        assertEquals(FaultTable.Action.PASS, table.decide("n2", "n3").action());
        assertEquals(List.of("FAULT_APPLIED n1->n2 cut, n2->n1 cut, n1->n3 cut, n3->n1 cut"), changes);
    }

    @Test
    void oneWayCutDelayAndHealOfAPair() throws Exception {
        FaultTable table = new FaultTable(null);
        FaultAdmin admin = admin(true, table);
        admin.apply(JSON.readTree("{\"type\":\"cut\",\"from\":\"n1\",\"to\":\"n2\",\"oneWay\":true}"));
        assertEquals(FaultTable.Action.DROP, table.decide("n1", "n2").action());
        assertEquals(FaultTable.Action.PASS, table.decide("n2", "n1").action());
        admin.apply(JSON.readTree("{\"type\":\"delay\",\"from\":\"n2\",\"to\":\"n3\",\"ms\":50,\"jitterMs\":10}"));
        FaultTable.Decision d = table.decide("n3", "n2");
        assertEquals(FaultTable.Action.DELAY, d.action());
        assertTrue(d.delayMs() >= 40 && d.delayMs() <= 60, "delay " + d.delayMs());
        admin.heal(JSON.readTree("{\"from\":\"n3\",\"to\":\"n2\"}"));
        assertEquals(FaultTable.Action.PASS, table.decide("n2", "n3").action());
        assertEquals(FaultTable.Action.DROP, table.decide("n1", "n2").action());
        admin.heal(JSON.readTree("{}"));
        assertTrue(table.list().isEmpty());
    }

    @Test
    void invalidRequestsAreRejectedWith400() {
        FaultAdmin admin = admin(true, new FaultTable(null));
        for (String body : new String[]{"{}", "{\"type\":\"melt\"}", "{\"type\":\"isolate\"}", "{\"type\":\"isolate\",\"node\":\"n9\"}",
                "{\"type\":\"cut\",\"from\":\"n1\",\"to\":\"n1\"}", "{\"type\":\"delay\",\"from\":\"n1\",\"to\":\"n2\"}",
                "{\"type\":\"delay\",\"from\":\"n1\",\"to\":\"n2\",\"ms\":-5}", "{\"type\":\"drop\",\"from\":\"n1\",\"to\":\"n2\",\"rate\":1.5}",
                "{\"type\":\"drop\",\"from\":\"n1\",\"to\":\"n2\",\"rate\":\"lots\"}", "{\"type\":\"cut\",\"from\":3,\"to\":\"n2\"}"}) {
            AdminException e = assertThrows(AdminException.class, () -> admin.apply(JSON.readTree(body)), body);
            assertEquals(400, e.status(), body);
        }
        assertThrows(AdminException.class, () -> admin.heal(JSON.readTree("{\"from\":\"n1\"}")));
    }

    @Test
    void faultsSurviveARestartOfTheTable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("faults.json");
        admin(true, new FaultTable(file)).apply(JSON.readTree("{\"type\":\"drop\",\"from\":\"n1\",\"to\":\"n2\",\"rate\":0.5}"));
        FaultTable reloaded = new FaultTable(file);
        assertEquals(2, reloaded.list().size());
        assertEquals(0.5, reloaded.list().get(0).dropRate());
    }
}
