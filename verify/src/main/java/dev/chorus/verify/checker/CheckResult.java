package dev.chorus.verify.checker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chorus.verify.history.Op;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one checker concluded about one history.
 *
 * @param checker   the checker's name ({@code register}, {@code set}, ...)
 * @param verdict   valid, invalid, or unknown (the checker gave up: see {@code reason})
 * @param counts    ok / fail / info ops of the history the checker was given
 * @param anomalies what makes the history invalid (empty when valid)
 * @param stats     figures worth reporting beside the verdict (states explored, unread appends, ...)
 * @param reason    why (part of) the check gave up; null when it did not. An invalid verdict may carry one too:
 *                  an anomaly found on one key stands even if the search on another key gave up.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResult(String checker, Verdict verdict, Counts counts, List<Anomaly> anomalies,
                          Map<String, Long> stats, String reason) {

    public CheckResult {
        anomalies = List.copyOf(anomalies);
        stats = java.util.Collections.unmodifiableMap(new TreeMap<>(stats));
    }

    /** Invalid if anything was found, else unknown if {@code reasonUnknown} is not null, else valid. */
    public static CheckResult of(String checker, List<Op> history, List<Anomaly> anomalies, Map<String, Long> stats,
                                 String reasonUnknown) {
        Verdict verdict = !anomalies.isEmpty() ? Verdict.INVALID
                : reasonUnknown != null ? Verdict.UNKNOWN : Verdict.VALID;
        return new CheckResult(checker, verdict, Counts.of(history), anomalies, stats, reasonUnknown);
    }

    public boolean valid() {
        return verdict == Verdict.VALID;
    }
}
