package dev.chorus.verify.checker;

import dev.chorus.verify.history.Op;

import java.util.List;

/**
 * One thing a history shows that a correct system could not have done.
 *
 * @param name        the anomaly's name as Jepsen/Elle use it (e.g. {@code G2-item}, {@code lost}, {@code wrong-total})
 * @param explanation a sentence a person can check against {@code ops}
 * @param ops         the operations involved, in the order the explanation refers to them
 */
public record Anomaly(String name, String explanation, List<Op> ops) {
    public Anomaly {
        ops = List.copyOf(ops);
    }
}
