package dev.chorus.process;

import java.io.IOException;

/** A node process that exited, or never answered, during start-up; the message is {@code node N failed to start: CAUSE}. */
public final class NodeStartException extends IOException {
    private final String node;
    private final String reason;

    public NodeStartException(String node, String reason) {
        super("node " + node + " failed to start: " + reason);
        this.node = node;
        this.reason = reason;
    }

    public String node() {
        return node;
    }

    /** The one-line cause, without the "node N failed to start" prefix. */
    public String reason() {
        return reason;
    }
}
