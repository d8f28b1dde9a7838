package dev.chorus.txn.cli;

import dev.chorus.admin.AdminServer;
import dev.chorus.cli.ClusterCommand;
import dev.chorus.cli.ExitCodes;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.tcc.TccLog;
import dev.chorus.txn.tcc.TccRecovery;
import dev.chorus.cli.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/**
 * {@code chorus tccs [--json]}: every TCC decision record in the cluster, unfinished first. (There is no
 * {@code chorus tcc recover}: recovery needs the participants, which live in the application that defines them;
 * it runs {@link TccRecovery}.)
 */
@Command(name = "tccs", description = "List TCC transactions: state, decision, branch states, owner.")
public final class TccCommands extends ClusterCommand {
    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        try (TxnClient txns = new TxnClient(cluster().load())) {
            List<TccLog> logs = TccRecovery.list(txns).stream().sorted(TccLog.LISTING_ORDER).toList();
            if (json.enabled()) {
                out().println(AdminServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(logs));
                return ExitCodes.OK;
            }
            out().printf("%-36s  %-15s  %-8s  %s%n", "XID", "STATE", "DECISION", "BRANCHES");
            for (TccLog l : logs) {
                StringBuilder b = new StringBuilder();
                l.branches().forEach(x -> b.append(b.length() == 0 ? "" : ", ").append(x.name()).append('=').append(x.state()));
                out().printf("%-36s  %-15s  %-8s  %s%s%n", l.xid(), l.state(), l.decision() == null ? "-" : l.decision(), b,
                        l.failure() == null ? "" : "  (" + l.failure() + ")");
            }
            return ExitCodes.OK;
        }
    }
}
