package dev.chorus.verify.cli;

import dev.chorus.verify.checker.BankChecker;
import dev.chorus.verify.checker.Checker;
import dev.chorus.verify.checker.ListAppendChecker;
import dev.chorus.verify.checker.RegisterChecker;
import dev.chorus.verify.checker.SetChecker;

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
}
