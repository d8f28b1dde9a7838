package dev.chorus.verify.workload;

import dev.chorus.verify.history.Op;
import dev.chorus.verify.history.Recorder;

import java.util.Random;

/**
 * What the clients of one workload do: an optional set-up before they start, one op per {@link #step}, and the
 * final reads some checkers need once the faults have been healed.
 */
public interface ClientWorkload {

    /** Runs before the clients and the nemesis start (e.g. initial balances); throws if the run cannot begin. */
    default void setUp(Recorder recorder) {
    }

    /** Runs and records one op of {@code process}; the returned op's type decides whether the process retires. */
    Op step(int process, Random random, Recorder recorder);

    /** Runs after every fault was healed and every group has a leader; {@code process} is unused by the clients. */
    default void finalReads(int process, Recorder recorder) {
    }
}
