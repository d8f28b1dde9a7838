/**
 * The participant side of Chorus transactions: the state each group keeps for them, and the rules over it. The
 * commands that change it are in {@link dev.chorus.command}.
 *
 * <p>Everything here that runs in the state machine is deterministic: time is the group's replicated clock, never a
 * local one, so every replica reaches the same locks, intents, records and states. The layout lives in
 * {@link dev.chorus.participant.TxnKeys} only; code outside this package reads the participant's state through
 * {@link dev.chorus.participant.TxnQueries} (read-only) or {@link dev.chorus.participant.TxnTable} (inside an apply).
 * Stored values keep their bytes forever ({@code StoredRecordGoldenBytesTest}).
 */
package dev.chorus.participant;
