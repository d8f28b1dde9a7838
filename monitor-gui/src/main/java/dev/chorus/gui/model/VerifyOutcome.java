package dev.chorus.gui.model;

import dev.chorus.verify.report.Results;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished Verify run.
 *
 * @param report   the run's {@code report.html}
 * @param warnings what the run said on its error stream (e.g. a fault this cluster cannot take, left out)
 */
public record VerifyOutcome(Results results, Path report, List<String> warnings) {
    public VerifyOutcome {
        warnings = List.copyOf(warnings);
    }
}
