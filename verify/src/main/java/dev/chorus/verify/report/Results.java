package dev.chorus.verify.report;

import dev.chorus.verify.checker.CheckResult;
import dev.chorus.verify.checker.Verdict;

import java.util.List;

/**
 * What {@code results.json} holds: the overall verdict (valid only when every checker says valid; invalid if any
 * says invalid; otherwise unknown), the history checked, and each checker's result.
 */
public record Results(Verdict verdict, String workload, String history, long checkMillis, List<CheckResult> checkers) {

    public Results {
        checkers = List.copyOf(checkers);
    }

    public static Results of(String workload, String history, long checkMillis, List<CheckResult> checkers) {
        Verdict verdict = checkers.stream().anyMatch(r -> r.verdict() == Verdict.INVALID) ? Verdict.INVALID
                : checkers.stream().allMatch(CheckResult::valid) ? Verdict.VALID : Verdict.UNKNOWN;
        return new Results(verdict, workload, history, checkMillis, checkers);
    }

    /** 0 valid, 1 invalid, 2 unknown: scripts and CI depend on these. */
    public int exitCode() {
        return switch (verdict) {
            case VALID -> 0;
            case INVALID -> 1;
            case UNKNOWN -> 2;
        };
    }
}
