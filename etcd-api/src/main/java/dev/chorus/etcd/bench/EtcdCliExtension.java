package dev.chorus.etcd.bench;

import dev.chorus.cli.CliExtension;

import java.util.List;

/** Adds {@code etcd-bench} to the {@code chorus} command line. */
public final class EtcdCliExtension implements CliExtension {
    @Override
    public List<Object> commands() {
        return List.of(new EtcdBenchCommand());
    }
}
