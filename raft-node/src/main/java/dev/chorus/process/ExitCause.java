package dev.chorus.process;

/**
 * Why a node's last run ended, as its log tells it.
 *
 * @param message       one line, e.g. {@code cannot listen on raft address 127.0.0.1:8102: bind(..) failed: Address
 *                      already in use} or {@code Terminating due to java.lang.OutOfMemoryError: Java heap space}
 * @param duringStartUp the node died before it was up (it never printed that it runs): it failed to start
 */
public record ExitCause(String message, boolean duringStartUp) {
}
