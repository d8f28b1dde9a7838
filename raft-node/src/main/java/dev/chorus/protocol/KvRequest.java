package dev.chorus.protocol;

/** What a client sends to a group: a replicated write (with its id for deduplication) or a read. */
public sealed interface KvRequest {

    record Write(RequestId id, KvCommand command) implements KvRequest {
    }

    record Read(KvRead read) implements KvRequest {
    }
}
