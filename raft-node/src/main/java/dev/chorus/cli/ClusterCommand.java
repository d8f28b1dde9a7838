package dev.chorus.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that acts on a cluster: takes {@code --dir}/{@code --cluster} and prints to the CLI's streams. */
public abstract class ClusterCommand implements Callable<Integer> {
    @Mixin
    protected ClusterOptions cluster;
    @Spec
    CommandSpec spec;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
