package dev.chorus.node;

import java.io.IOException;

/**
 * A service that runs inside every node beside its Raft groups, such as the transaction coordinator and lock
 * resolver of {@code txn-layer}. Found with {@link java.util.ServiceLoader}, so this module does not depend on the
 * layers above it. A node creates a fresh instance each time it starts.
 */
public interface NodeExtension extends AutoCloseable {

    /** Called once the node's replicas and admin API exist, before the admin API serves requests. */
    void start(NodeContext context) throws IOException;

    /** Stops the extension's threads; called before the node's replicas stop. */
    @Override
    void close();
}
