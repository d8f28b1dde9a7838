package dev.chorus.verify.checker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SetCheckerTest {
    private final SetChecker checker = new SetChecker();

    private static List<String> names(CheckResult result) {
        return result.anomalies().stream().map(Anomaly::name).toList();
    }

    @Test
    void everyAcknowledgedAddPresentIsValid() {
        TestHistory h = new TestHistory()
                .ok(1, "add", null, 1, 0, 10)
                .ok(2, "add", null, 2, 5, 15)
                .fail(1, "add", null, 3, 20, 30)
                .ok(3, "read", null, List.of(2, 1), 40, 50);
        CheckResult result = checker.check(h.ops());
        assertEquals(Verdict.VALID, result.verdict(), result.toString());
    }

    @Test
    void acknowledgedAddAbsentIsLost() {
        TestHistory h = new TestHistory()
                .ok(1, "add", null, 1, 0, 10)
                .ok(2, "add", null, 2, 5, 15)
                .ok(3, "read", null, List.of(2), 40, 50);
        CheckResult result = checker.check(h.ops());
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(List.of("lost"), names(result));
        assertEquals(List.of(h.op(0), h.op(2)), result.anomalies().get(0).ops());
    }

    @Test
    void addConcurrentWithTheReadMayBeAbsent() {
        TestHistory h = new TestHistory()
                .ok(1, "add", null, 1, 0, 45)
                .ok(3, "read", null, List.of(), 40, 50);
        assertEquals(Verdict.VALID, checker.check(h.ops()).verdict());
    }

    @Test
    void infoAddsMayBePresentOrAbsent() {
        TestHistory h = new TestHistory()
                .info(1, "add", null, 1, 0, 10)
                .info(2, "add", null, 2, 0, 10)
                .ok(3, "read", null, List.of(1), 40, 50);
        CheckResult result = checker.check(h.ops());
        assertEquals(Verdict.VALID, result.verdict());
        assertEquals(1L, result.stats().get("info-present"));
    }

    @Test
    void neverAttemptedFailedAndDuplicateElementsAreInvalid() {
        TestHistory h = new TestHistory()
                .ok(1, "add", null, 1, 0, 10)
                .fail(2, "add", null, 2, 0, 10)
                .ok(3, "read", null, List.of(1, 1, 2, 9), 40, 50);
        assertEquals(List.of("duplicate", "failed-add-present", "unexpected"), names(checker.check(h.ops())).stream().sorted().toList());
    }

    @Test
    void withoutAFinalReadTheVerdictIsUnknown() {
        TestHistory h = new TestHistory()
                .ok(1, "add", null, 1, 0, 10)
                .info(3, "read", null, null, 40, 50);
        assertEquals(Verdict.UNKNOWN, checker.check(h.ops()).verdict());
    }
}
