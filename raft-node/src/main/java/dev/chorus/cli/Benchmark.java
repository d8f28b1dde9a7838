package dev.chorus.cli;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed-loop load behind {@code chorus bench} ({@link BenchCommand}) and the etcd bench: N logical clients each
 * keep one operation outstanding against a {@link LoadTarget}; latencies of the operations that completed inside the
 * measured window go to an HdrHistogram.
 */
public final class Benchmark {
    /** {@code TRANSFER}: move 1 between two random accounts (keys holding decimal balances) if neither changed. */
    public enum Workload { PUT, GET, MIXED, TRANSFER }

    /** @param conflicts transfers refused because a key changed since it was read (not counted in ops) */
    public record Result(long ops, long errors, long conflicts, double measuredSeconds, double p50Ms, double p99Ms,
                         double p999Ms, double maxMs) {
        public double throughput() {
            return measuredSeconds <= 0 ? 0 : ops / measuredSeconds;
        }
    }

    /** What every account holds before a transfer run. */
    public static final long INITIAL_BALANCE = 1_000_000;

    private final LoadTarget target;
    private final Workload workload;
    private final int clients;
    private final Duration duration;
    private final Duration warmup;
    private final byte[] value;
    private final int keys;
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private volatile long measureFromNanos;
    private volatile long endNanos;

    public Benchmark(LoadTarget target, Workload workload, int clients, Duration duration, Duration warmup, int valueSize,
                     int keys) {
        this.target = target;
        this.workload = workload;
        this.clients = clients;
        this.duration = duration;
        this.warmup = warmup;
        this.value = new byte[valueSize];
        ThreadLocalRandom.current().nextBytes(value);
        this.keys = keys;
    }

    /** Keys start with a letter cycling over a..z so that they spread over every group of the default layout. */
    public static byte[] key(int i) {
        return (((char) ('a' + i % 26)) + "bench-" + i).getBytes(StandardCharsets.UTF_8);
    }

    public Result run() throws InterruptedException {
        if (workload != Workload.PUT) {
            preload();
        }
        long start = System.nanoTime();
        measureFromNanos = start + warmup.toNanos();
        endNanos = measureFromNanos + duration.toNanos();
        CountDownLatch finished = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            next(finished);
        }
        finished.await(duration.toMillis() + warmup.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        double seconds = duration.toNanos() / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        return new Result(h.getTotalCount(), errors.get(), conflicts.get(), seconds, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private void next(CountDownLatch finished) {
        long now = System.nanoTime();
        if (now >= endNanos) {
            finished.countDown();
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] k = key(random.nextInt(keys));
        CompletableFuture<LoadTarget.Outcome> f = switch (workload) {
            case PUT -> target.put(k, value);
            case GET -> target.get(k);
            case MIXED -> random.nextBoolean() ? target.get(k) : target.put(k, value);
            case TRANSFER -> {
                int from = random.nextInt(keys);
                int to = (from + 1 + random.nextInt(keys - 1)) % keys;
                yield target.transfer(key(from), key(to));
            }
        };
        f.whenComplete((outcome, err) -> {
            long done = System.nanoTime();
            if (now >= measureFromNanos && done <= endNanos) {
                if (err != null || outcome == LoadTarget.Outcome.ERROR) {
                    errors.incrementAndGet();
                } else if (outcome == LoadTarget.Outcome.CONFLICT) {
                    conflicts.incrementAndGet();
                } else {
                    ops.incrementAndGet();
                    recorder.recordValue(Math.max(1, (done - now) / 1000));
                }
            }
            next(finished);
        });
    }

    /** Every key written once, so reads find values and transfers find balances. */
    private void preload() throws InterruptedException {
        byte[] initial = workload == Workload.TRANSFER
                ? Long.toString(INITIAL_BALANCE).getBytes(StandardCharsets.UTF_8) : value;
        Semaphore window = new Semaphore(128);
        for (int i = 0; i < keys; i++) {
            window.acquire();
            target.put(key(i), initial).whenComplete((r, e) -> window.release());
        }
        window.acquire(128);
    }
}
