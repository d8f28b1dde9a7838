package dev.chorus.verify.nemesis;

import java.util.Random;

/**
 * A fault on one running node's process: {@code kill} (kill -9, healed by starting it again on its kept data
 * directory) or {@code pause} (SIGSTOP: it stops dead with its connections open, healed by SIGCONT).
 */
public final class NodeProcessFault implements Fault {

    /** What is done to the chosen node, and how it is undone. */
    private interface Action {
        void run(ProcessControl processes, String node) throws Exception;
    }

    private final String name;
    private final boolean needsPause;
    private final Action inject;
    private final Action heal;

    private NodeProcessFault(String name, boolean needsPause, Action inject, Action heal) {
        this.name = name;
        this.needsPause = needsPause;
        this.inject = inject;
        this.heal = heal;
    }

    public static NodeProcessFault kill() {
        return new NodeProcessFault("kill", false, ProcessControl::kill, ProcessControl::start);
    }

    public static NodeProcessFault pause() {
        return new NodeProcessFault("pause", true, ProcessControl::pause, ProcessControl::resume);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supported(ClusterControl cluster) {
        return !needsPause || cluster.processes().canPause();
    }

    @Override
    public Injected inject(ClusterControl cluster, Random random) throws Exception {
        String node = Targets.any(Targets.running(cluster), random);
        if (node == null) {
            return null;
        }
        inject.run(cluster.processes(), node);
        return new Injected(node, false, () -> heal.run(cluster.processes(), node));
    }
}
