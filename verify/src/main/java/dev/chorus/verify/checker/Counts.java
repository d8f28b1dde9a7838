package dev.chorus.verify.checker;

import dev.chorus.verify.history.Op;

import java.util.List;

/** How the ops of a history ended; ops never completed count as info (their outcome is unknown). */
public record Counts(long ok, long fail, long info) {

    public static Counts of(List<Op> history) {
        long ok = 0;
        long fail = 0;
        long info = 0;
        for (Op op : history) {
            if (op.ok()) {
                ok++;
            } else if (op.failed()) {
                fail++;
            } else {
                info++;
            }
        }
        return new Counts(ok, fail, info);
    }
}
