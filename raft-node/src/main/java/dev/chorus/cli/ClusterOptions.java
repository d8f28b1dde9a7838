package dev.chorus.cli;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ConfigException;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --dir DIR} (a local cluster directory holding cluster.json) or {@code --cluster FILE}; every command takes them. */
public final class ClusterOptions {
    public static final String CLUSTER_FILE = "cluster.json";

    @Option(names = "--dir", paramLabel = "DIR", description = "local cluster directory (default: ./local-cluster)")
    Path dir;

    @Option(names = "--cluster", paramLabel = "FILE", description = "cluster file; overrides --dir")
    Path clusterFile;

    public Path clusterFile() {
        if (clusterFile != null) {
            return clusterFile;
        }
        return (dir != null ? dir : Path.of("local-cluster")).resolve(CLUSTER_FILE);
    }

    public ClusterConfig load() throws ConfigException {
        return ClusterConfigLoader.load(clusterFile());
    }
}
