package dev.chorus.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that acts on a cluster: reads the global {@code --dir}/{@code --cluster} and prints to the CLI's streams. */
public abstract class ClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code --dir}/{@code --cluster}, wherever on the command line they were given. */
    protected ClusterOptions cluster() {
        return ClusterOptions.of(spec);
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
