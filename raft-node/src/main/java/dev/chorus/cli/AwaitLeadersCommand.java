package dev.chorus.cli;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.client.ChorusException;
import dev.chorus.protocol.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code chorus await-leaders}: polls until every group has a leader (and, for up to 15 s, until each sits on its
 * preferred node when that node is up); used by start-cluster.sh.
 */
@Command(name = "await-leaders", description = "Wait until every group has a leader (exit 3 on timeout).")
final class AwaitLeadersCommand extends ClusterCommand {
    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "D")
    Duration timeout;
    @Mixin
    JsonOption json;

    private dev.chorus.config.ClusterConfig config;

    private boolean isPreferredOrUnavailable(ClusterStatus.GroupEntry g, ClusterStatus status) {
        String preferred = config.group(g.id()).map(dev.chorus.config.GroupSpec::preferredLeader).orElse(null);
        if (preferred == null || preferred.equals(g.leader())) {
            return true;
        }
        return status.nodes().stream().noneMatch(n -> n.id().equals(preferred) && n.up());
    }

    @Override
    public Integer call() throws Exception {
        config = cluster().load();
        ClusterStatusCollector collector = new ClusterStatusCollector(config, Duration.ofSeconds(1));
        long deadline = System.nanoTime() + timeout.toNanos();
        long spreadDeadline = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofSeconds(15).toNanos());
        ClusterStatus last;
        do {
            ClusterStatus now = collector.collect();
            last = now;
            boolean allLed = now.groups().stream().allMatch(g -> g.leader() != null);
            boolean settled = now.groups().stream().allMatch(g -> isPreferredOrUnavailable(g, now));
            // Wait a little longer for leaders to reach their preferred nodes (they move there right after start),
            // so that the first `chorus status` a user sees already has leadership spread over the nodes.
            if (allLed && (settled || System.nanoTime() > spreadDeadline)) {
                List<GroupLeader> leaders = last.groups().stream().map(GroupLeader::of).toList();
                if (json.enabled()) {
                    JsonOption.print(out(), leaders);
                } else {
                    leaders.forEach(l -> out().print(l.line()));
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
