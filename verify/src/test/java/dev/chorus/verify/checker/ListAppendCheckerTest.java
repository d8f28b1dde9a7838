package dev.chorus.verify.checker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListAppendCheckerTest {
    private final ListAppendChecker strict = new ListAppendChecker();

    private static List<Object> append(String key, int element) {
        return List.of("append", key, element);
    }

    private static List<Object> read(String key, Integer... elements) {
        return List.of("r", key, List.of(elements));
    }

    @SafeVarargs
    private static List<List<Object>> txn(List<Object>... microOps) {
        return List.of(microOps);
    }

    private static List<String> names(CheckResult result) {
        return result.anomalies().stream().map(Anomaly::name).toList();
    }

    @Test
    void serialHistoryIsValid() {
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(append("x", 1), read("y")), 0, 10)
                .ok(2, "txn", null, txn(read("x", 1), append("x", 2), append("y", 1)), 20, 30)
                .ok(1, "txn", null, txn(read("x", 1, 2), read("y", 1)), 40, 50);
        CheckResult result = strict.check(h.ops());
        assertEquals(Verdict.VALID, result.verdict(), result.anomalies().toString());
        assertTrue(result.stats().get("graph-edges") > 0, "the checker did build dependencies");
    }

    @Test
    void writeSkewIsG2Item() {
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(read("x"), read("y"), append("x", 1)), 0, 10)
                .ok(2, "txn", null, txn(read("x"), read("y"), append("y", 1)), 0, 10)
                .ok(3, "txn", null, txn(read("x", 1), read("y", 1)), 20, 30);
        CheckResult result = strict.check(h.ops());
        assertEquals(List.of("G2-item"), names(result));
        assertEquals(List.of(h.op(0), h.op(1)), result.anomalies().get(0).ops().stream().sorted(
                java.util.Comparator.comparingLong(dev.chorus.verify.history.Op::index)).toList());
        assertTrue(result.anomalies().get(0).explanation().contains("-rw(x)->"), result.anomalies().get(0).explanation());
    }

    @Test
    void readOfAFailedAppendIsG1a() {
        TestHistory h = new TestHistory()
                .fail(1, "txn", null, txn(append("x", 1)), 0, 10)
                .ok(2, "txn", null, txn(read("x", 1)), 20, 30);
        CheckResult result = strict.check(h.ops());
        assertEquals(List.of("G1a"), names(result));
        assertEquals(List.of(h.op(0), h.op(1)), result.anomalies().get(0).ops());
    }

    @Test
    void readEndingAtANonFinalAppendIsG1b() {
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(append("x", 1), append("x", 2)), 0, 10)
                .ok(2, "txn", null, txn(read("x", 1)), 5, 15)
                .ok(3, "txn", null, txn(read("x", 1, 2)), 20, 30);
        assertEquals(List.of("G1b"), names(strict.check(h.ops())));
    }

    @Test
    void writeCycleIsG0() {
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(append("x", 1), append("y", 2)), 0, 10)
                .ok(2, "txn", null, txn(append("x", 2), append("y", 1)), 0, 10)
                .ok(3, "txn", null, txn(read("x", 1, 2), read("y", 1, 2)), 20, 30);
        CheckResult result = strict.check(h.ops());
        assertEquals(List.of("G0"), names(result));
    }

    @Test
    void circularInformationFlowIsG1c() {
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(append("x", 1), read("y", 1)), 0, 10)
                .ok(2, "txn", null, txn(append("y", 1), read("x", 1)), 0, 10);
        assertEquals(List.of("G1c"), names(strict.check(h.ops())));
    }

    @Test
    void acknowledgedAppendMissingFromALaterReadIsLost() {
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(append("x", 1)), 0, 10)
                .ok(2, "txn", null, txn(read("x")), 20, 30);
        CheckResult result = strict.check(h.ops());
        assertEquals(List.of("lost-append"), names(result));
        assertEquals(List.of(h.op(0), h.op(1)), result.anomalies().get(0).ops());
    }

    @Test
    void unreadAppendsAndInfoTxnsAreNotAnomalies() {
        TestHistory h = new TestHistory()
                .info(1, "txn", null, txn(append("x", 1), read("x")), 0, 10)
                .ok(2, "txn", null, txn(append("x", 2)), 20, 30)
                .ok(3, "txn", null, txn(read("x", 1)), 25, 35)
                .info(4, "txn", null, txn(append("x", 3)), 40, 50);
        CheckResult result = strict.check(h.ops());
        assertEquals(Verdict.VALID, result.verdict(), result.anomalies().toString());
        assertEquals(1L, result.stats().get("info-txns-observed"));
        assertEquals(1L, result.stats().get("unread-appends"));
    }

    @Test
    void staleReadIsSerializableButNotStrictlySerializable() {
        // T2 begins after T1 committed yet misses its append; T2 before T1 is a fine serial order, but not in real time.
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(append("x", 1)), 0, 10)
                .ok(2, "txn", null, txn(read("x")), 20, 30)
                .ok(3, "txn", null, txn(read("x", 1)), 40, 50);
        assertEquals(Verdict.VALID, new ListAppendChecker(false).check(h.ops()).verdict());
        CheckResult result = strict.check(h.ops());
        assertEquals(List.of("G-single-realtime"), names(result));
        assertTrue(result.anomalies().get(0).explanation().contains("-rt->"), result.anomalies().get(0).explanation());
    }

    @Test
    void readsThatDisagreeOnOrderAreIncompatible() {
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(append("x", 1)), 0, 10)
                .ok(2, "txn", null, txn(append("x", 2)), 0, 10)
                .ok(3, "txn", null, txn(read("x", 1, 2)), 20, 30)
                .ok(4, "txn", null, txn(read("x", 2)), 20, 30);
        assertEquals(List.of("incompatible-order"), names(strict.check(h.ops())));
    }

    @Test
    void duplicateAndNeverAppendedElementsAreReported() {
        TestHistory h = new TestHistory()
                .ok(1, "txn", null, txn(append("x", 1)), 0, 10)
                .ok(2, "txn", null, txn(read("x", 1, 1)), 20, 30)
                .ok(3, "txn", null, txn(read("y", 7)), 20, 30);
        assertEquals(List.of("duplicate-elements", "unexpected-element"), names(strict.check(h.ops())).stream().sorted().toList());
    }
}
