package dev.chorus.verify.cli;

import dev.chorus.verify.history.Recorder;

import java.time.Duration;

/**
 * Where a running {@link VerifyRun} stands.
 *
 * @param elapsed  since the clients started
 * @param ops      ops recorded so far by outcome (final reads included once {@code finished})
 * @param fault    the nemesis's fault in place now, e.g. {@code partition n1 | n2 n3}, {@code heal-all}, or {@code none}
 * @param finished the clients, the final heal and the final reads are done: only the check is left
 */
public record Progress(Duration elapsed, Recorder.Tally ops, String fault, boolean finished) {
}
