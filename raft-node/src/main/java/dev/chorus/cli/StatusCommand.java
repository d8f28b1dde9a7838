package dev.chorus.cli;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.admin.ClusterStatusCollector;
import dev.chorus.admin.NodeStatus;
import dev.chorus.client.ChorusException;
import dev.chorus.protocol.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.time.Duration;

/** {@code chorus status [--json]}: every node and every replica of every group, from the nodes' admin APIs. */
@Command(name = "status", description = "Show nodes, groups, leaders, terms and log indices.")
final class StatusCommand extends ClusterCommand {
    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        ClusterStatus status = new ClusterStatusCollector(cluster().load(), Duration.ofSeconds(2)).collect();
        PrintWriter out = out();
        if (json.enabled()) {
            JsonOption.print(out, status);
        } else {
            printTable(status, out);
        }
        if (status.nodes().stream().noneMatch(ClusterStatus.NodeEntry::up)) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "no node answered on its admin address");
        }
        return ExitCodes.OK;
    }

    static void printTable(ClusterStatus status, PrintWriter out) {
        String nodeFormat = "%-6s %-6s %-22s %-22s %s%n";
        out.printf(nodeFormat, "NODE", "UP", "RAFT", "ADMIN", "PID/ERROR");
        for (ClusterStatus.NodeEntry n : status.nodes()) {
            out.printf(nodeFormat, n.id(), n.up() ? "up" : "DOWN", n.raftAddress(), n.adminAddress(),
                    n.up() ? String.valueOf(n.pid()) : n.error());
        }
        out.println();
        String format = "%-6s %-14s %-6s %-10s %6s %10s %10s %10s %6s%n";
        out.printf(format, "GROUP", "RANGE", "NODE", "ROLE", "TERM", "LAST", "COMMITTED", "APPLIED", "LAG");
        for (ClusterStatus.GroupEntry g : status.groups()) {
            String range = "[" + quote(g.range().start()) + "," + (g.range().end().isEmpty() ? "∞" : quote(g.range().end())) + ")";
            if (g.replicas().isEmpty()) {
                out.printf(format, g.id(), range, "-", "NO ANSWER", "-", "-", "-", "-", "-");
            }
            for (NodeStatus.ReplicaView r : g.replicas()) {
                out.printf(format, g.id(), range, r.node(), r.role(), r.term(), r.lastLogIndex(), r.committedIndex(),
                        r.appliedIndex(), r.lag() == null ? "-" : r.lag());
            }
            if (g.leader() == null) {
                out.printf("%-6s (no leader)%n", g.id());
            }
        }
        if (status.faults() != null && !status.faults().isEmpty()) {
            out.println();
            out.println("FAULTS");
            status.faults().forEach(f -> out.println("  " + f.describe()));
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
