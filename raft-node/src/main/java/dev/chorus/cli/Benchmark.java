package dev.chorus.cli;

import dev.chorus.client.ChorusClient;
import dev.chorus.protocol.KvRead;
import dev.chorus.protocol.KvResponse;
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

/** The closed-loop load behind {@code chorus bench}; see {@link BenchCommand}. */
final class Benchmark {
    enum Workload { PUT, GET, MIXED }

    record Result(long ops, long errors, double measuredSeconds, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
        double throughput() {
            return measuredSeconds <= 0 ? 0 : ops / measuredSeconds;
        }
    }

    private final ChorusClient client;
    private final Workload workload;
    private final int clients;
    private final Duration duration;
    private final Duration warmup;
    private final byte[] value;
    private final int keys;
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile long measureFromNanos;
    private volatile long endNanos;

    Benchmark(ChorusClient client, Workload workload, int clients, Duration duration, Duration warmup, int valueSize, int keys) {
        this.client = client;
        this.workload = workload;
        this.clients = clients;
        this.duration = duration;
        this.warmup = warmup;
        this.value = new byte[valueSize];
        ThreadLocalRandom.current().nextBytes(value);
        this.keys = keys;
    }

    /** Keys start with a letter cycling over a..z so that they spread over every group of the default layout. */
    static byte[] key(int i) {
        return (((char) ('a' + i % 26)) + "bench-" + i).getBytes(StandardCharsets.UTF_8);
    }

    Result run() throws InterruptedException {
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
        return new Result(h.getTotalCount(), errors.get(), seconds, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private void next(CountDownLatch finished) {
        long now = System.nanoTime();
        if (now >= endNanos) {
            finished.countDown();
            return;
        }
        byte[] k = key(ThreadLocalRandom.current().nextInt(keys));
        boolean read = workload == Workload.GET || (workload == Workload.MIXED && ThreadLocalRandom.current().nextBoolean());
        CompletableFuture<KvResponse> f = read ? client.getAsync(k, KvRead.Consistency.LINEARIZABLE) : client.putAsync(k, value);
        f.whenComplete((r, err) -> {
            long done = System.nanoTime();
            boolean failed = err != null || r instanceof KvResponse.Failure;
            if (now >= measureFromNanos && done <= endNanos) {
                if (failed) {
                    errors.incrementAndGet();
                } else {
                    ops.incrementAndGet();
                    recorder.recordValue(Math.max(1, (done - now) / 1000));
                }
            }
            next(finished);
        });
    }

    private void preload() throws InterruptedException {
        Semaphore window = new Semaphore(128);
        for (int i = 0; i < keys; i++) {
            window.acquire();
            client.putAsync(key(i), value).whenComplete((r, e) -> window.release());
        }
        window.acquire(128);
    }
}
