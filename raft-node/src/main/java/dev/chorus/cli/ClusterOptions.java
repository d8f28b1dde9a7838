package dev.chorus.cli;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/**
 * {@code --dir DIR} (a local cluster directory holding cluster.json) or {@code --cluster FILE}: the global options of
 * {@code chorus}. They are declared once, on the root command, and inherited by every subcommand, so that they may
 * come before or after the subcommand ({@code chorus --dir X put k v} as well as {@code chorus put --dir X k v}), as
 * in etcdctl and kubectl. Picocli stores an inherited option's value in this one object, whichever command it was
 * given to: commands find it with {@link #of}.
 */
public final class ClusterOptions {
    public static final String CLUSTER_FILE = "cluster.json";
    static final Path DEFAULT_DIR = Path.of("local-cluster");

    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "local cluster directory (default: ./local-cluster)")
    Path dir;

    @Option(names = "--cluster", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "cluster file; overrides --dir")
    Path clusterFile;

    /** The options of the command line that {@code command} is part of (held by its root command). */
    static ClusterOptions of(CommandSpec command) {
        for (CommandSpec mixin : command.root().mixins().values()) {
            if (mixin.userObject() instanceof ClusterOptions options) {
                return options;
            }
        }
        throw new IllegalStateException("'" + command.qualifiedName() + "' is not part of a command line whose root mixes in ClusterOptions");
    }

    /** The local cluster directory: {@code --dir}, or ./local-cluster. */
    public Path dir() {
        return dir != null ? dir : DEFAULT_DIR;
    }

    /** Whether {@code --cluster} was given (commands that only work on a local directory refuse it). */
    boolean clusterFileGiven() {
        return clusterFile != null;
    }

    public Path clusterFile() {
        if (clusterFile != null) {
            return clusterFile;
        }
        return dir().resolve(CLUSTER_FILE);
    }

    public ClusterConfig load() throws ConfigException {
        return ClusterConfigLoader.load(clusterFile());
    }
}
