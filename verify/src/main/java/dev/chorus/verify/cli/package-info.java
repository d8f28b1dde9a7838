/**
 * The {@code chorus verify} commands. Invariant: the exit code is 0 only when every checker says valid; 1 means an
 * anomaly was found; 2 means no verdict (a checker gave up, or the input could not be read).
 */
package dev.chorus.verify.cli;
