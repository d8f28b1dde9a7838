package dev.chorus.cli;

import dev.chorus.client.ChorusClient;
import dev.chorus.client.ClientOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chorus bench}: a closed-loop load generator. N logical clients each keep one request outstanding for the
 * duration; throughput and latency percentiles come from the completed requests (HdrHistogram). A benchmark, not a
 * test: it asserts nothing.
 */
@Command(name = "bench", description = "Measure throughput and latency (put, linearizable get, or a 50/50 mix).")
final class BenchCommand extends ClusterCommand {
    @Option(names = "--workload", defaultValue = "put", paramLabel = "put|get|mixed")
    Benchmark.Workload workload;
    @Option(names = "--clients", defaultValue = "16", paramLabel = "N", description = "concurrent clients (default 16)")
    int clients;
    @Option(names = "--duration", defaultValue = "30s", paramLabel = "D", converter = DurationConverter.class)
    Duration duration;
    @Option(names = "--warmup", defaultValue = "5s", paramLabel = "D", converter = DurationConverter.class,
            description = "load runs this long before measuring starts, so JIT compilation is done (default 5s)")
    Duration warmup;
    @Option(names = "--value-size", defaultValue = "128", paramLabel = "B")
    int valueSize;
    @Option(names = "--keys", defaultValue = "10000", paramLabel = "K", description = "distinct keys (default 10000)")
    int keys;
    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || keys < 1 || valueSize < 0 || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--clients and --keys must be positive, --value-size not negative, --duration above zero");
        }
        try (ChorusClient client = new ChorusClient(cluster().load(), ClientOptions.DEFAULT)) {
            if (workload == Benchmark.Workload.TRANSFER) {
                throw new IllegalArgumentException("chorus bench measures put, get or mixed; transfers: chorus bank run");
            }
            Benchmark.Result r = new Benchmark(new ChorusLoadTarget(client), workload, clients, duration, warmup,
                    valueSize, keys).run();
            PrintWriter out = out();
            if (json.enabled()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("workload", workload.name().toLowerCase());
                m.put("clients", clients);
                m.put("durationSeconds", r.measuredSeconds());
                m.put("valueSize", valueSize);
                m.put("keys", keys);
                m.put("ops", r.ops());
                m.put("errors", r.errors());
                m.put("throughputOpsPerSec", r.throughput());
                m.put("latencyMs", Map.of("p50", r.p50Ms(), "p99", r.p99Ms(), "p999", r.p999Ms(), "max", r.maxMs()));
                JsonOption.print(out, m);
            } else {
                out.printf("workload=%s clients=%d duration=%.1fs value-size=%d keys=%d%n", workload.name().toLowerCase(),
                        clients, r.measuredSeconds(), valueSize, keys);
                out.printf("ops=%d errors=%d throughput=%.0f ops/s%n", r.ops(), r.errors(), r.throughput());
                out.printf("latency p50=%.2fms p99=%.2fms p999=%.2fms max=%.2fms%n", r.p50Ms(), r.p99Ms(), r.p999Ms(), r.maxMs());
            }
            return r.ops() == 0 ? ExitCodes.UNREACHABLE : ExitCodes.OK;
        }
    }
}
