package dev.chorus.verify.checker;

import dev.chorus.verify.history.HistoryFormatException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BankCheckerTest {
    private static final Map<String, Integer> INITIAL = Map.of("a", 10, "b", 10, "c", 10);

    private static TestHistory bank() {
        return new TestHistory().ok(0, "init", null, INITIAL, 0, 1);
    }

    @Test
    void readsThatSeeTheTotalAreValid() {
        TestHistory h = bank()
                .ok(1, "transfer", null, Map.of("from", "a", "to", "b", "amount", 5), 10, 20)
                .info(2, "transfer", null, Map.of("from", "b", "to", "c", "amount", 3), 10, 20)
                .ok(3, "read", null, Map.of("a", 5, "b", 12, "c", 13), 30, 40);
        CheckResult result = new BankChecker().check(h.ops());
        assertEquals(Verdict.VALID, result.verdict(), result.toString());
        assertEquals(30L, result.stats().get("total"));
    }

    @Test
    void lostTransferHalfIsAWrongTotal() {
        // The debit of a->b landed, the credit did not: money vanished.
        TestHistory h = bank()
                .ok(1, "transfer", null, Map.of("from", "a", "to", "b", "amount", 5), 10, 20)
                .ok(3, "read", null, Map.of("a", 5, "b", 10, "c", 10), 30, 40)
                .ok(3, "read", null, Map.of("a", 5, "b", 15, "c", 10), 50, 60);
        CheckResult result = new BankChecker().check(h.ops());
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(1, result.anomalies().size());
        assertEquals("wrong-total", result.anomalies().get(0).name());
        assertEquals(List.of(h.op(2)), result.anomalies().get(0).ops());
    }

    @Test
    void negativeBalanceIsReportedEvenWithTheRightTotal() {
        TestHistory h = bank().ok(3, "read", null, Map.of("a", -5, "b", 25, "c", 10), 30, 40);
        CheckResult result = new BankChecker().check(h.ops());
        assertEquals(List.of("negative-balance"), result.anomalies().stream().map(Anomaly::name).toList());
    }

    @Test
    void missingAccountIsNamed() {
        TestHistory h = bank().ok(3, "read", null, Map.of("a", 10, "b", 10), 30, 40);
        CheckResult result = new BankChecker().check(h.ops());
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(true, result.anomalies().get(0).explanation().contains("missing from the read: c"));
    }

    @Test
    void totalMayBeGivenInsteadOfAnInitOp() {
        TestHistory h = new TestHistory().ok(3, "read", null, Map.of("a", 10, "b", 10), 30, 40);
        assertEquals(Verdict.VALID, new BankChecker(OptionalLong.of(20)).check(h.ops()).verdict());
        assertThrows(HistoryFormatException.class, () -> new BankChecker().check(h.ops()));
    }

    @Test
    void noSuccessfulReadIsUnknown() {
        TestHistory h = bank().info(3, "read", null, null, 30, 40);
        assertEquals(Verdict.UNKNOWN, new BankChecker().check(h.ops()).verdict());
    }
}
