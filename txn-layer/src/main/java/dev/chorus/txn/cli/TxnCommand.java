package dev.chorus.txn.cli;

import dev.chorus.cli.ClusterCommand;
import dev.chorus.cli.DurationConverter;
import dev.chorus.cli.ExitCodes;
import dev.chorus.cli.JsonOption;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code chorus txn [--read KEY]... [--put KEY=VALUE]... [--del KEY]...}: one transaction. Prints each value read
 * ({@code KEY=VALUE} or {@code KEY (absent)}), then {@code COMMITTED} (exit 0), {@code ABORTED: reason} (exit 1) or
 * {@code UNKNOWN: reason} (exit 4: the outcome could not be learned; the transaction may have committed); with
 * {@code --json}, one {@link Result} with the same exit codes.
 */
@Command(name = "txn", description = "Run one transaction: reads, then writes, committed atomically.")
public final class TxnCommand extends ClusterCommand {
    /** What {@code --json} prints: {@code reads} only once committed (value null: absent); {@code reason} unless committed. */
    record Result(String outcome, List<Read> reads, String reason) {
    }

    record Read(String key, String value) {
    }

    @Option(names = "--read", paramLabel = "KEY")
    List<String> reads = new ArrayList<>();

    @Option(names = "--put", paramLabel = "KEY=VALUE")
    List<String> puts = new ArrayList<>();

    @Option(names = "--del", paramLabel = "KEY")
    List<String> deletes = new ArrayList<>();

    @Option(names = "--resolve-timeout", defaultValue = "20s", paramLabel = "D", converter = DurationConverter.class,
            description = "if the coordinator does not answer, how long to keep asking the primary group for the outcome "
                    + "before reporting UNKNOWN (default ${DEFAULT-VALUE})")
    Duration resolveTimeout;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        for (String p : puts) {
            if (p.indexOf('=') <= 0) {
                throw new IllegalArgumentException("--put takes KEY=VALUE, got '" + p + "'");
            }
        }
        if (reads.isEmpty() && puts.isEmpty() && deletes.isEmpty()) {
            throw new IllegalArgumentException("empty transaction: give at least one --read, --put or --del");
        }
        try (TxnClient client = new TxnClient(cluster().load(),
                new TxnClient.Timeouts(TxnClient.Timeouts.DEFAULT.coordinator(), resolveTimeout))) {
            Transaction t = client.begin();
            try {
                List<Read> read = new ArrayList<>();
                for (String k : reads) {
                    read.add(new Read(k, t.get(bytes(k)).map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null)));
                }
                for (String p : puts) {
                    int eq = p.indexOf('=');
                    t.put(bytes(p.substring(0, eq)), bytes(p.substring(eq + 1)));
                }
                for (String k : deletes) {
                    t.delete(bytes(k));
                }
                t.commit();
                if (json.enabled()) {
                    JsonOption.print(out(), new Result("COMMITTED", read, null));
                    return ExitCodes.OK;
                }
                read.forEach(r -> out().println(r.value() == null ? r.key() + " (absent)" : r.key() + "=" + r.value()));
                out().println("COMMITTED");
                return ExitCodes.OK;
            } catch (TxnException e) {
                if (e.kind() == TxnException.Kind.INVALID) {
                    throw new IllegalArgumentException(e.getMessage());
                }
                String msg = e.getMessage();
                if (e.kind() == TxnException.Kind.UNKNOWN) {
                    // Its own exit code: a script must not treat "may have committed" as "did not happen" and retry.
                    String reason = msg.startsWith("outcome unknown: ") ? msg.substring(17) : msg;
                    printOutcome("UNKNOWN", reason, "UNKNOWN: " + reason);
                    return ExitCodes.OUTCOME_UNKNOWN;
                }
                printOutcome("ABORTED", msg.startsWith("ABORTED: ") ? msg.substring(9) : msg,
                        msg.startsWith("ABORTED") ? msg : "ABORTED: " + msg);
                return ExitCodes.FAILED;
            }
        }
    }

    /** A transaction that did not commit: {@code text} for people, a {@link Result} with {@code --json}. */
    private void printOutcome(String outcome, String reason, String text) {
        if (json.enabled()) {
            JsonOption.print(out(), new Result(outcome, List.of(), reason));
        } else {
            out().println(text);
        }
    }

    private static byte[] bytes(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
