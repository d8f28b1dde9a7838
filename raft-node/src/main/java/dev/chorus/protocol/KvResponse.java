package dev.chorus.protocol;

import java.util.List;

/** The answer to a {@link KvRequest}. */
public sealed interface KvResponse {

    /** A write that needs no result other than success. */
    record Done() implements KvResponse {
    }

    /** A get; {@code value} is null when the key is absent. */
    record Value(byte[] value) implements KvResponse {
    }

    /** A compare-and-set; {@code current} is the value found when it did not match (null = absent). */
    record CasResult(boolean succeeded, byte[] current) implements KvResponse {
    }

    /** A scan; {@code truncated} when the limit stopped it before the end of the range. */
    record ScanResult(List<KeyValue> entries, boolean truncated) implements KvResponse {
    }

    record Failure(ErrorCode code, String message, String leaderHint) implements KvResponse {
    }

    /** The answer to a transaction command: where the transaction (or this participant's part of it) stands. */
    record TxnOutcome(TxnVerdict verdict, String detail) implements KvResponse {
    }

    /**
     * A {@link KvCommand.VersionedTxn}: which branch ran, the group's revision after it, and each operation's answer.
     */
    record VersionedResult(boolean succeeded, long revision, List<Versioned.OpResult> results) implements KvResponse {
        public VersionedResult {
            results = List.copyOf(results);
        }
    }

    record KeyValue(byte[] key, byte[] value) {
    }
}
