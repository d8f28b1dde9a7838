package dev.chorus.verify.nemesis;

import java.util.Random;

/** One kind of fault the nemesis can inject, with its own way to undo it ({@link Injected#heal}). */
public interface Fault {

    /** The name used in {@code --nemesis}. */
    String name();

    /** Whether this cluster can take this fault (e.g. pausing needs real processes). */
    default boolean supported(ClusterControl cluster) {
        return true;
    }

    /** What a user does to make an unsupported fault possible, appended to the notice that leaves it out ("" if nothing). */
    default String howToSupport() {
        return "";
    }

    /**
     * Injects the fault on targets chosen with {@code random}; returns how to undo it, or null when there is no
     * target now (e.g. no node is running).
     */
    Injected inject(ClusterControl cluster, Random random) throws Exception;

    /**
     * A fault in place.
     *
     * @param detail  what was done, for the log and the report (e.g. {@code n2}, {@code n1 | n2 n3})
     * @param instant true for one-off actions (leader transfer, snapshot) whose heal has nothing to undo
     * @param heal    undoes the fault
     */
    record Injected(String detail, boolean instant, Heal heal) {
        public static Injected instant(String detail) {
            return new Injected(detail, true, () -> { });
        }
    }

    @FunctionalInterface
    interface Heal {
        void run() throws Exception;
    }
}
