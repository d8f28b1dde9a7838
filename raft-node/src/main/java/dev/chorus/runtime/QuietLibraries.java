package dev.chorus.runtime;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences third-party start-up chatter that would otherwise land on a CLI user's terminal: bolt's middleware
 * logger ("No log util is usable") and hessian's java.util.logging warnings about JDK internals it cannot open.
 * Our own and jraft's logging go through slf4j and are unaffected. Call before the first RPC class loads.
 */
public final class QuietLibraries {
    /** Held so the JUL logger (weakly referenced by its manager) keeps its level. */
    private static final Logger HESSIAN = Logger.getLogger("com.caucho.hessian");

    private QuietLibraries() {
    }

    public static void apply() {
        System.setProperty("sofa.middleware.log.disable", "true");
        System.setProperty("sofa.middleware.log.internal.level", "error");
        HESSIAN.setLevel(Level.SEVERE);
    }
}
