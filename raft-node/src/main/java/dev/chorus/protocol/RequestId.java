package dev.chorus.protocol;

/**
 * Identity of one client write, used by the state machine to apply a retried write only once.
 * {@code firstIncompleteSeq} is the client's lowest sequence number still awaiting an answer: results for lower
 * numbers will never be asked for again and may be forgotten.
 */
public record RequestId(long clientHigh, long clientLow, long seq, long firstIncompleteSeq) {
}
