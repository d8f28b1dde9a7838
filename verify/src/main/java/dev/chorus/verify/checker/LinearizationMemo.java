package dev.chorus.verify.checker;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Lowe's memoization for the WGL search: the (set of linearized ops, register value) configurations already
 * explored. A configuration seen once cannot lead anywhere new, so the search prunes it.
 *
 * <p>Sets are stored compactly: every op completes before some later op invokes, so among definite (ok) ops all
 * below a frontier are linearized and only a short tail past it varies; unknown-outcome ops get a bitset of their
 * own because they may stay unlinearized forever. This keeps a configuration at a few words instead of one bit per
 * op of the key, which is what lets a key with tens of thousands of ops fit in memory.
 */
final class LinearizationMemo {
    private final BitSet definite = new BitSet();
    private final BitSet unknown = new BitSet();
    private final Set<Configuration> seen = new HashSet<>();
    private int frontier;

    void mark(RegisterOp op, int ordinal) {
        if (op.unknownOutcome()) {
            unknown.set(ordinal);
        } else {
            definite.set(ordinal);
            if (ordinal == frontier) {
                frontier = definite.nextClearBit(frontier);
            }
        }
    }

    void unmark(RegisterOp op, int ordinal) {
        if (op.unknownOutcome()) {
            unknown.clear(ordinal);
        } else {
            definite.clear(ordinal);
            frontier = Math.min(frontier, ordinal);
        }
    }

    /** Records the current set with {@code state}; false if that configuration was already explored. */
    boolean add(int state) {
        int end = definite.length();
        long[] tail = end > frontier ? definite.get(frontier, end).toLongArray() : new long[0];
        return seen.add(new Configuration(state, frontier, tail, unknown.toLongArray()));
    }

    int size() {
        return seen.size();
    }

    private static final class Configuration {
        private final int state;
        private final int frontier;
        private final long[] tail;
        private final long[] unknown;
        private final int hash;

        Configuration(int state, int frontier, long[] tail, long[] unknown) {
            this.state = state;
            this.frontier = frontier;
            this.tail = tail;
            this.unknown = unknown;
            this.hash = ((state * 31 + frontier) * 31 + Arrays.hashCode(tail)) * 31 + Arrays.hashCode(unknown);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Configuration c && c.hash == hash && c.state == state && c.frontier == frontier
                    && Arrays.equals(c.tail, tail) && Arrays.equals(c.unknown, unknown);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
