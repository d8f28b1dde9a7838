/**
 * Histories of client operations, as Jepsen records them: each {@link dev.chorus.verify.history.Op} carries its
 * process, function, arguments and results, invocation and completion times, and its outcome. Invariants: an op
 * whose outcome the client could not learn is {@code info} (or {@code invoke} if recording stopped first), never
 * {@code fail}; {@code fail} means the op certainly had no effect. Histories are stored as JSON lines.
 */
package dev.chorus.verify.history;
