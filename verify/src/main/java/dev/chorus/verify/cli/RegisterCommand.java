package dev.chorus.verify.cli;

import dev.chorus.cli.ClusterCommand;
import dev.chorus.cli.DurationConverter;
import dev.chorus.client.ChorusClient;
import dev.chorus.config.ClusterConfig;
import dev.chorus.verify.checker.RegisterChecker;
import dev.chorus.verify.history.HistoryWriter;
import dev.chorus.verify.history.Recorder;
import dev.chorus.verify.workload.RegisterWorkload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** {@code chorus verify register}: runs the register workload against a cluster, then checks its history. */
@Command(name = "register", description = "Read/write/cas a few keys concurrently, record the history, check linearizability.")
final class RegisterCommand extends ClusterCommand {
    @Option(names = "--clients", defaultValue = "5", paramLabel = "N")
    int clients;
    @Option(names = "--duration", defaultValue = "10s", paramLabel = "D", converter = DurationConverter.class)
    Duration duration;
    @Option(names = "--keys", defaultValue = "3", paramLabel = "K")
    int keys;
    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default: verify-register-<time>)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || keys < 1) {
            throw new IllegalArgumentException("--clients and --keys must be at least 1");
        }
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = out != null ? out : Path.of("verify-register-" + run);
        Files.createDirectories(dir);
        Path historyFile = dir.resolve("history.jsonl");
        ClusterConfig config = cluster.load();
        Recorder recorder;
        try (ChorusClient client = new ChorusClient(config); HistoryWriter writer = new HistoryWriter(historyFile)) {
            recorder = new Recorder(writer);
            // Fresh keys per run: the checker assumes every register starts empty.
            new RegisterWorkload(client, "verify/register/" + run + "/" + System.nanoTime() + "/k", keys)
                    .run(clients, duration, recorder, System.nanoTime());
        }
        return Verification.checkAndReport(Workload.REGISTER,
                new Workload.CheckerOptions(RegisterChecker.DEFAULT_STATE_BUDGET, true), recorder.history(), historyFile, dir,
                out()).exitCode();
    }
}
