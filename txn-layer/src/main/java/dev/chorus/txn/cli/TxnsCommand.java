package dev.chorus.txn.cli;

import dev.chorus.admin.AdminServer;
import dev.chorus.cli.ClusterCommand;
import dev.chorus.cli.ExitCodes;
import dev.chorus.client.ChorusException;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.txn.node.TxnsCollector;
import dev.chorus.txn.node.TxnsView;
import dev.chorus.cli.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.util.List;

/** {@code chorus txns [--json]}: the transactions in flight across the cluster, from every node's {@code GET /txns}. */
@Command(name = "txns", description = "List in-flight transactions (coordinators' view and undecided/unfinished records) and locks resolvers cannot finish.")
public final class TxnsCommand extends ClusterCommand {
    /** JSON: every node's /txns answer. */
    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        TxnsCollector.Snapshot s = new TxnsCollector(cluster().load(), Duration.ofSeconds(2)).collect();
        if (s.views().isEmpty()) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "no node answered on its admin address");
        }
        if (json.enabled()) {
            out().println(AdminServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s.views()));
            return ExitCodes.OK;
        }
        List<TxnsCollector.Row> rows = s.inFlight();
        out().printf("%-36s  %-11s  %-14s  %-14s  %-11s  %8s%n", "ID", "STATE", "PHASE", "PARTICIPANTS", "COORDINATOR", "AGE");
        for (TxnsCollector.Row r : rows) {
            out().printf("%-36s  %-11s  %-14s  %-14s  %-11s  %6dms%n", r.id(), r.state(), r.phase(),
                    String.join(",", r.participants()), r.coordinator(), r.ageMs());
        }
        List<TxnsView.UnresolvedView> stuck = s.unresolved();
        if (!stuck.isEmpty()) {
            // Locks the resolvers keep failing on: those keys stay locked until they succeed, so say why.
            out().printf("%nUNRESOLVED (resolvers retry with backoff; the keys stay locked)%n");
            out().printf("%-36s  %-6s  %-6s  %-20s  %-13s  %8s  %s%n", "TXN", "GROUP", "KIND", "KEY", "PRIMARY", "ATTEMPTS", "REASON");
            for (TxnsView.UnresolvedView u : stuck) {
                out().printf("%-36s  %-6s  %-6s  %-20s  %-13s  %8d  %s%n", u.txn(), u.group(), u.kind(), u.key(),
                        u.primaryGroup(), u.attempts(), u.reason());
            }
        }
        out().println(rows.size() + " in flight, " + s.lockCount() + " locks held"
                + (stuck.isEmpty() ? "" : ", " + stuck.size() + " unresolved")
                + (s.unreachable().isEmpty() ? "" : "; unreachable: " + String.join(", ", s.unreachable())));
        return ExitCodes.OK;
    }
}
