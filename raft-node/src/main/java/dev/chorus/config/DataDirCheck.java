package dev.chorus.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, without creating anything, that a node could create and write its data directory. */
public final class DataDirCheck {
    private DataDirCheck() {
    }

    public static void requireWritable(Path dir) throws ConfigException {
        Path p = dir.toAbsolutePath();
        if (Files.exists(p)) {
            if (!Files.isDirectory(p)) {
                throw new ConfigException("data dir " + p + " exists but is not a directory");
            }
            if (!Files.isWritable(p)) {
                throw new ConfigException("data dir " + p + " is not writable");
            }
            return;
        }
        Path ancestor = p.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor) || !Files.isWritable(ancestor)) {
            throw new ConfigException("data dir " + p + " cannot be created: " + ancestor + " is not a writable directory");
        }
    }
}
