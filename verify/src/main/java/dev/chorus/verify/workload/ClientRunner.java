package dev.chorus.verify.workload;

import dev.chorus.verify.history.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Runs a workload's clients for a while. A client whose op ended with an unknown outcome retires its process and
 * continues as a new one, as in Jepsen: the old process may still have that op in flight, and a process runs one op
 * at a time.
 */
public final class ClientRunner {
    private ClientRunner() {
    }

    /** Runs {@code clients} clients for {@code duration}; returns a process number no client used. */
    public static int run(ClientWorkload workload, int clients, Duration duration, Recorder recorder, long seed)
            throws Exception {
        return run(workload, clients, duration, recorder, seed, () -> false);
    }

    /**
     * As {@link #run(ClientWorkload, int, Duration, Recorder, long)}, ending early once {@code stopped} says so: each
     * client finishes the op it is in (its outcome is recorded as usual) and starts no other.
     */
    public static int run(ClientWorkload workload, int clients, Duration duration, Recorder recorder, long seed,
                          BooleanSupplier stopped) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        int[] lastProcess = new int[clients];
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Random random = new Random(seed + c);
                running.add(pool.submit(() -> {
                    int process = client;
                    while (System.nanoTime() < deadline && !stopped.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                        if (workload.step(process, random, recorder).outcomeUnknown()) {
                            process += clients;
                        }
                    }
                    lastProcess[client] = process;
                }));
            }
            for (Future<?> f : running) {
                f.get(); // also publishes lastProcess
            }
        } finally {
            pool.shutdownNow();
        }
        int max = 0;
        for (int p : lastProcess) {
            max = Math.max(max, p);
        }
        return max + clients;
    }
}
