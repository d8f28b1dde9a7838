/**
 * Checkers: each decides whether a whole history could have happened in a correct system and returns an immutable
 * {@link dev.chorus.verify.checker.CheckResult}. Invariants: an op with an unknown outcome is never assumed to have
 * failed (it may take effect at any time after its invocation, or never); a checker that cannot finish says
 * {@code unknown} with its reason, never {@code valid}; every anomaly names the ops that show it.
 */
package dev.chorus.verify.checker;
