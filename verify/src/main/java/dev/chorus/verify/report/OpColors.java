package dev.chorus.verify.report;

import dev.chorus.verify.history.Op;

/** One color per outcome in every plot: ok green, fail red, info (unknown) orange. */
final class OpColors {
    private OpColors() {
    }

    static String of(Op.Type type) {
        return switch (type) {
            case OK -> "#2e7d32";
            case FAIL -> "#c62828";
            case INFO, INVOKE -> "#ef6c00";
        };
    }
}
