package dev.chorus.raft;

import dev.chorus.protocol.KvResponse;

/** Where the answer to one client request goes. */
@FunctionalInterface
public interface KvRequestCompletion {
    void complete(KvResponse response);
}
