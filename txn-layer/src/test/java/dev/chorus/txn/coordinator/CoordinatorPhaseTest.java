package dev.chorus.txn.coordinator;

import dev.chorus.admin.AdminServer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The phase names {@code GET /txns} and {@code chorus txns} show are those the coordinator's strings were. */
class CoordinatorPhaseTest {
    @Test
    void externalNamesAreStable() {
        assertEquals(List.of("PREPARING", "PREPARED", "COMMITTING", "ABORTING", "UNKNOWN", "COMMITTED", "ABORTED"),
                Arrays.stream(CoordinatorPhase.values()).map(CoordinatorPhase::externalName).toList());
    }

    @Test
    void jsonCarriesTheExternalNameBothWays() throws Exception {
        TxnCoordinator.CoordinatedTxn txn = new TxnCoordinator.CoordinatedTxn("t1", CoordinatorPhase.OUTCOME_UNKNOWN,
                "g1", List.of("g1", "g2"), List.of("g1"), "n1", 5, 7);
        String json = AdminServer.JSON.writeValueAsString(txn);
        assertEquals("UNKNOWN", AdminServer.JSON.readValue(json, Map.class).get("phase"));
        assertEquals(txn, AdminServer.JSON.readValue(json, TxnCoordinator.CoordinatedTxn.class));
        assertNull(AdminServer.JSON.readValue(json.replace("\"UNKNOWN\"", "\"NEWER\""), TxnCoordinator.CoordinatedTxn.class).phase());
    }
}
