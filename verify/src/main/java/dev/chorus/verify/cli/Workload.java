package dev.chorus.verify.cli;

import dev.chorus.client.ChorusClient;
import dev.chorus.config.ClusterConfig;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.verify.checker.BankChecker;
import dev.chorus.verify.checker.Checker;
import dev.chorus.verify.checker.ListAppendChecker;
import dev.chorus.verify.checker.RegisterChecker;
import dev.chorus.verify.checker.SetChecker;
import dev.chorus.verify.workload.BankWorkload;
import dev.chorus.verify.workload.ClientWorkload;
import dev.chorus.verify.workload.GroupSpread;
import dev.chorus.verify.workload.ListAppendWorkload;
import dev.chorus.verify.workload.RegisterWorkload;
import dev.chorus.verify.workload.SetWorkload;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The workloads {@code chorus verify} knows, by their command-line names, and the checker of each. */
public enum Workload {
    REGISTER, SET, BANK, LIST_APPEND;

    /** How a checker may be tuned from the command line. */
    public record CheckerOptions(long stateBudget, boolean realtime) {
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Workload parse(String text) {
        for (Workload w : values()) {
            if (w.cliName().equals(text)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + text + "': one of "
                + Arrays.stream(values()).map(Workload::cliName).collect(Collectors.joining(", ")));
    }

    public Checker checker(CheckerOptions options) {
        return switch (this) {
            case REGISTER -> new RegisterChecker(options.stateBudget());
            case SET -> new SetChecker();
            case BANK -> new BankChecker();
            case LIST_APPEND -> new ListAppendChecker(options.realtime());
        };
    }

    /**
     * This workload's clients with the command's default sizes (3 register keys, 8 accounts of 100, 8 list keys), for
     * callers without options such as the dashboard.
     *
     * @param base the run's own key space, e.g. {@code verify/gui/set/20260101-120000-1f/}: the checkers assume
     *             every key starts empty
     */
    public ClientWorkload clients(ClusterConfig config, ChorusClient kv, TxnClient txns, String base) {
        return switch (this) {
            case REGISTER -> new RegisterWorkload(kv, base + "k", 3);
            case SET -> new SetWorkload(kv, new GroupSpread(config, base));
            case BANK -> new BankWorkload(txns, new GroupSpread(config, base), 8, 100);
            case LIST_APPEND -> new ListAppendWorkload(txns, new GroupSpread(config, base), 8);
        };
    }
}
