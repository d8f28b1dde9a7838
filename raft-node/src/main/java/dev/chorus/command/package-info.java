/**
 * One class per replicated command: what a {@link dev.chorus.protocol.KvCommand} means to a replica.
 *
 * <p>Each class owns its validation (run on the leader before Raft, bounded by the request's size, never reading
 * the store) and its apply (run in the group's state machine: deterministic, on the group's replicated clock only,
 * against the batch of the entries being applied). {@link dev.chorus.command.ReplicatedCommands#of} is the one
 * dispatch over commands; it is a {@link dev.chorus.protocol.KvCommand.Visitor}, so a command without a class does
 * not compile.
 *
 * <p>Invariants the transaction commands keep (see {@code txn-layer/README.md}): a key carries at most one lock; a
 * key under a lock or inside another transaction's range lock is changed by no one but that transaction; a
 * participant state, once COMMITTED or ABORTED, never goes back, so a late prepare cannot take locks again; a record
 * leaves PENDING exactly once; a command that could re-create a forgotten transaction finds its deadline passed
 * ({@link dev.chorus.participant.TxnDeadlines}).
 */
package dev.chorus.command;
