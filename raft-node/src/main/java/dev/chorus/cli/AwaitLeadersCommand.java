package dev.chorus.cli;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.client.ChorusException;
import dev.chorus.protocol.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** {@code chorus await-leaders}: polls until every group has a leader; used by start-cluster.sh. */
@Command(name = "await-leaders", description = "Wait until every group has a leader (exit 3 on timeout).")
final class AwaitLeadersCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;
    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "D")
    Duration timeout;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterStatusCollector collector = new ClusterStatusCollector(cluster.load(), Duration.ofSeconds(1));
        long deadline = System.nanoTime() + timeout.toNanos();
        ClusterStatus last;
        do {
            last = collector.collect();
            if (last.groups().stream().allMatch(g -> g.leader() != null)) {
                for (ClusterStatus.GroupEntry g : last.groups()) {
                    spec.commandLine().getOut().printf("%s leader %s (term %d)%n", g.id(), g.leader(), g.term());
                }
                return ExitCodes.OK;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        } while (System.nanoTime() < deadline);
        String missing = String.join(", ", last.groups().stream().filter(g -> g.leader() == null)
                .map(ClusterStatus.GroupEntry::id).toList());
        String down = String.join(", ", last.nodes().stream().filter(n -> !n.up()).map(ClusterStatus.NodeEntry::id).toList());
        throw new ChorusException(ErrorCode.TIMEOUT, "groups without a leader after " + timeout.toSeconds() + "s: " + missing
                + (down.isEmpty() ? "" : " (nodes not answering: " + down + ")"));
    }
}
