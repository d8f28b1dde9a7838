package dev.chorus.verify.checker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegisterCheckerTest {
    private final RegisterChecker checker = new RegisterChecker();

    @Test
    void sequentialHistoryIsValid() {
        TestHistory h = new TestHistory()
                .ok(1, "write", "x", 1, 0, 10)
                .ok(2, "read", "x", 1, 20, 30)
                .ok(1, "cas", "x", List.of(1, 2), 40, 50)
                .ok(2, "read", "x", 2, 60, 70);
        CheckResult result = checker.check(h.ops());
        assertEquals(Verdict.VALID, result.verdict(), result.toString());
        assertEquals(new Counts(4, 0, 0), result.counts());
    }

    @Test
    void staleReadIsInvalid() {
        TestHistory h = new TestHistory()
                .ok(1, "write", "x", 1, 0, 10)
                .ok(1, "write", "x", 2, 20, 30)
                .ok(2, "read", "x", 1, 40, 50);
        CheckResult result = checker.check(h.ops());
        assertEquals(Verdict.INVALID, result.verdict());
        Anomaly anomaly = result.anomalies().get(0);
        assertEquals("nonlinearizable", anomaly.name());
        assertEquals(h.op(2), anomaly.ops().get(0), "the stale read is the op that cannot be placed");
    }

    @Test
    void lostWriteIsInvalid() {
        TestHistory h = new TestHistory()
                .ok(1, "write", "x", 1, 0, 10)
                .ok(2, "read", "x", null, 20, 30);
        assertEquals(Verdict.INVALID, checker.check(h.ops()).verdict());
    }

    @Test
    void retryAppliedTwiceIsInvalid() {
        // cas 0->1 was acknowledged before the write of 0; seeing 1 afterwards means it was applied a second time.
        TestHistory h = new TestHistory()
                .ok(1, "write", "x", 0, 0, 5)
                .ok(1, "cas", "x", List.of(0, 1), 10, 20)
                .ok(2, "write", "x", 0, 30, 40)
                .ok(3, "read", "x", 1, 50, 60);
        assertEquals(Verdict.INVALID, checker.check(h.ops()).verdict());
    }

    /** Only w2, r2, w1, r1 works; the search tries w1 first (it was invoked first) and must backtrack. */
    private static TestHistory validInOnlyOneOrder() {
        TestHistory h = new TestHistory()
                .ok(1, "write", "x", 1, 0, 100)
                .ok(2, "write", "x", 2, 10, 50)
                .ok(3, "read", "x", 2, 20, 60)
                .ok(4, "read", "x", 1, 70, 120);
        return h;
    }

    @Test
    void overlappingOpsValidInOnlyOneOrder() {
        TestHistory h = validInOnlyOneOrder();
        assertEquals(Verdict.VALID, checker.check(h.ops()).verdict());
        h.ok(5, "read", "x", 2, 125, 130);
        assertEquals(Verdict.INVALID, checker.check(h.ops()).verdict(), "2 cannot come back after w1 took effect");
    }

    @Test
    void infoWriteMayTakeEffectLater() {
        TestHistory h = new TestHistory()
                .info(1, "write", "x", 1, 0, 10)
                .ok(2, "write", "x", 2, 20, 30)
                .ok(3, "read", "x", 2, 35, 38)
                .ok(3, "read", "x", 1, 40, 50);
        assertEquals(Verdict.VALID, checker.check(h.ops()).verdict());
    }

    @Test
    void infoWriteMayNeverTakeEffect() {
        TestHistory h = new TestHistory()
                .ok(2, "write", "x", 2, 0, 5)
                .info(1, "write", "x", 1, 10, 20)
                .ok(3, "read", "x", 2, 30, 40);
        CheckResult result = checker.check(h.ops());
        assertEquals(Verdict.VALID, result.verdict());
        assertEquals(1L, result.stats().get("unobserved-info-ops-dropped"), "nobody read 1: the search need not place it");
    }

    @Test
    void infoWriteCannotTakeEffectBeforeItsInvocation() {
        TestHistory h = new TestHistory()
                .ok(3, "read", "x", 1, 0, 10)
                .info(1, "write", "x", 1, 20, 30);
        assertEquals(Verdict.INVALID, checker.check(h.ops()).verdict());
    }

    @Test
    void failedCasWhoseEffectIsSeenIsInvalid() {
        TestHistory h = new TestHistory()
                .ok(1, "write", "x", 0, 0, 10)
                .fail(2, "cas", "x", List.of(0, 1), 20, 30)
                .ok(3, "read", "x", 1, 40, 50);
        CheckResult result = checker.check(h.ops());
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(new Counts(2, 1, 0), result.counts());
    }

    @Test
    void keysAreCheckedIndependently() {
        TestHistory h = new TestHistory()
                .ok(1, "write", "x", 1, 0, 10)
                .ok(2, "write", "y", 2, 0, 10)
                .ok(1, "read", "x", 1, 20, 30)
                .ok(2, "read", "y", 1, 20, 30);
        CheckResult result = checker.check(h.ops());
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(1, result.anomalies().size());
        assertTrue(result.anomalies().get(0).explanation().startsWith("key y:"), result.anomalies().get(0).explanation());
    }

    @Test
    void exhaustedBudgetIsUnknownNotValid() {
        TestHistory h = validInOnlyOneOrder();
        CheckResult result = new RegisterChecker(2).check(h.ops());
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertTrue(result.reason().contains("gave up"), result.reason());
    }
}
