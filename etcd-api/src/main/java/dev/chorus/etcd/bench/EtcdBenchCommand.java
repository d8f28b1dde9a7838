package dev.chorus.etcd.bench;

import dev.chorus.cli.Benchmark;
import dev.chorus.cli.DurationConverter;
import dev.chorus.cli.ExitCodes;
import dev.chorus.cli.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chorus etcd-bench --endpoints E,...}: the closed-loop load of {@code chorus bench} against any etcd v3
 * endpoint (etcd itself, or the nodes' etcd API), plus the optimistic transfer. A benchmark, not a test: it asserts
 * nothing; {@code scripts/bench-compare.sh} runs it against etcd beside Chorus.
 */
@Command(name = "etcd-bench", description = "Measure an etcd v3 endpoint (etcd, or Chorus's etcd API): put, get, mixed or transfer.")
final class EtcdBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--endpoints", required = true, split = ",", paramLabel = "HOST:PORT,...")
    List<String> endpoints;
    @Option(names = "--workload", defaultValue = "put", paramLabel = "put|get|mixed|transfer",
            converter = WorkloadConverter.class)
    Benchmark.Workload workload;
    @Option(names = "--clients", defaultValue = "16", paramLabel = "N", description = "concurrent clients (default 16)")
    int clients;
    @Option(names = "--duration", defaultValue = "30s", paramLabel = "D", converter = DurationConverter.class)
    Duration duration;
    @Option(names = "--warmup", defaultValue = "5s", paramLabel = "D", converter = DurationConverter.class)
    Duration warmup;
    @Option(names = "--value-size", defaultValue = "128", paramLabel = "B")
    int valueSize;
    @Option(names = "--keys", defaultValue = "10000", paramLabel = "K",
            description = "distinct keys, or accounts for transfer (default 10000)")
    int keys;
    @Mixin
    JsonOption json;

    static final class WorkloadConverter implements picocli.CommandLine.ITypeConverter<Benchmark.Workload> {
        @Override
        public Benchmark.Workload convert(String value) {
            try {
                return Benchmark.Workload.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of "
                        + Arrays.stream(Benchmark.Workload.values()).map(w -> w.name().toLowerCase()).toList());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || keys < 2 || valueSize < 0 || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--clients must be positive, --keys at least 2, --value-size not negative, "
                    + "--duration above zero");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (EtcdLoadTarget target = new EtcdLoadTarget(endpoints)) {
            Benchmark.Result r = new Benchmark(target, workload, clients, duration, warmup, valueSize, keys).run();
            String name = workload.name().toLowerCase();
            if (json.enabled()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("workload", name);
                m.put("endpoints", endpoints);
                m.put("clients", clients);
                m.put("durationSeconds", r.measuredSeconds());
                m.put("keys", keys);
                m.put("ops", r.ops());
                m.put("errors", r.errors());
                m.put("conflicts", r.conflicts());
                m.put("throughputOpsPerSec", r.throughput());
                m.put("latencyMs", Map.of("p50", r.p50Ms(), "p99", r.p99Ms(), "p999", r.p999Ms(), "max", r.maxMs()));
                JsonOption.print(out, m);
            } else {
                out.printf("workload=%s clients=%d duration=%.1fs keys=%d endpoints=%s%n", name, clients,
                        r.measuredSeconds(), keys, String.join(",", endpoints));
                out.printf("ops=%d errors=%d conflicts=%d throughput=%.0f ops/s%n", r.ops(), r.errors(), r.conflicts(),
                        r.throughput());
                out.printf("latency p50=%.2fms p99=%.2fms p999=%.2fms max=%.2fms%n", r.p50Ms(), r.p99Ms(), r.p999Ms(), r.maxMs());
            }
            return r.ops() == 0 ? ExitCodes.UNREACHABLE : ExitCodes.OK;
        }
    }
}
