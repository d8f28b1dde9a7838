package dev.chorus.verify.checker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chorus.verify.history.HistoryWriter;
import dev.chorus.verify.history.Op;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The register checker on 100,000 simulated ops (5 keys, 8 processes, 1% info). Prints the check time for the
 * record; asserts only verdicts (a timed assertion would fail on a busy machine, not on a slow checker).
 * Run on its own: {@code mvn -B -o -pl verify surefire:test -Dtest=RegisterCheckerScaleTest}; other sizes with
 * {@link #main} (arguments: ops keys processes info-rate seed [history-file to also write the history to, for
 * {@code chorus verify check}]).
 */
public class RegisterCheckerScaleTest {
    public static void main(String[] args) throws java.io.IOException {
        if (args.length > 5) {
            try (HistoryWriter writer = new HistoryWriter(java.nio.file.Path.of(args[5]))) {
                SimulatedRegisterHistory.generate(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]), Double.parseDouble(args[3]), Long.parseLong(args[4])).forEach(writer::write);
            }
        }
        CheckResult result = timedCheck(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Double.parseDouble(args[3]), Long.parseLong(args[4]));
        System.exit(result.valid() ? 0 : 1);
    }

    @Test
    void simulatedLinearizableHistoryIsValid() {
        CheckResult result = timedCheck(100_000, 5, 8, 0.01, 42);
        assertEquals(Verdict.VALID, result.verdict(), String.valueOf(result.anomalies()));
    }

    private static CheckResult timedCheck(int ops, int keys, int processes, double infoRate, long seed) {
        List<Op> history = SimulatedRegisterHistory.generate(ops, keys, processes, infoRate, seed);
        long start = System.nanoTime();
        CheckResult result = new RegisterChecker().check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("register checker: %d ops, %d keys, %d processes (%s) checked in %d ms: %s %s%n",
                history.size(), keys, processes, result.counts(), millis, result.verdict().json(), result.stats());
        return result;
    }

    @Test
    void oneStaleReadInASimulatedHistoryIsFound() {
        List<Op> history = new ArrayList<>(SimulatedRegisterHistory.generate(20_000, 5, 8, 0.01, 7));
        // Make a late read of a key return the key's first written value again.
        Op firstWrite = history.stream().filter(op -> op.ok() && op.f().equals("write")).findFirst().orElseThrow();
        for (int i = history.size() - 1; i >= 0; i--) {
            Op op = history.get(i);
            if (op.ok() && op.f().equals("read") && op.key().equals(firstWrite.key())
                    && !firstWrite.value().equals(op.value())) {
                history.set(i, new Op(op.index(), op.process(), op.type(), op.f(), op.key(),
                        JsonNodeFactory.instance.numberNode(firstWrite.value().asLong()), op.invokeNanos(), op.completeNanos()));
                break;
            }
        }
        CheckResult result = new RegisterChecker().check(history);
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(1, result.anomalies().size());
    }
}
