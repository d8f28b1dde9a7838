package dev.chorus.verify.nemesis;

import dev.chorus.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Faults come in rounds: every fault once per round, in an order that varies from round to round. */
class NemesisRoundsTest {

    /** A one-off fault that only records that it was injected; it needs no cluster. */
    private record Recorded(String name, List<String> injected) implements Fault {
        @Override
        public Injected inject(ClusterControl cluster, Random random) {
            synchronized (injected) {
                injected.add(name);
            }
            return Injected.instant(name);
        }
    }

    @Test
    void everyFaultOncePerRoundInAVaryingOrder(@TempDir Path dir) throws Exception {
        List<String> injected = new ArrayList<>();
        List<Fault> faults = IntStream.range(0, 7).<Fault>mapToObj(i -> new Recorded("f" + i, injected)).toList();
        try (NemesisLog log = new NemesisLog(dir.resolve(NemesisLog.FILE))) {
            NemesisSchedule schedule = new NemesisSchedule(null, faults, Duration.ofMillis(1), log, 42);
            schedule.start();
            Await.until("three rounds", Duration.ofSeconds(30), () -> {
                synchronized (injected) {
                    return injected.size() >= 21;
                }
            });
            schedule.stopInjecting();
        }
        List<List<String>> rounds = new ArrayList<>();
        synchronized (injected) {
            for (int r = 0; r < 3; r++) {
                rounds.add(List.copyOf(injected.subList(r * 7, r * 7 + 7)));
            }
        }
        for (List<String> round : rounds) {
            assertEquals(Set.of("f0", "f1", "f2", "f3", "f4", "f5", "f6"), new HashSet<>(round), "one round: " + round);
        }
        assertNotEquals(rounds.get(0), rounds.get(1), "the order varies");
    }
}
