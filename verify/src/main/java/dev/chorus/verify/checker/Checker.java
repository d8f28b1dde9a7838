package dev.chorus.verify.checker;

import dev.chorus.verify.history.Op;

import java.util.List;

/** Decides whether a whole history could have happened in a correct system. Stateless between calls. */
public interface Checker {
    String name();

    CheckResult check(List<Op> history);
}
