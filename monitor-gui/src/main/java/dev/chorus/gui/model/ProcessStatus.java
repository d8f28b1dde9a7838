package dev.chorus.gui.model;

/**
 * A node's process as its {@link NodeControl} sees it.
 *
 * @param state         RUNNING, PAUSED, STOPPED, or UNKNOWN when the control cannot tell
 * @param exitCause     for a stopped node whose last run ended in a failure, the one-line cause; else null
 * @param failedToStart that failure came before the node was up
 */
public record ProcessStatus(String state, String exitCause, boolean failedToStart) {
    public static final ProcessStatus UNKNOWN = of("UNKNOWN");

    public static ProcessStatus of(String state) {
        return new ProcessStatus(state, null, false);
    }
}
