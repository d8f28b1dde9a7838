package dev.chorus.verify.checker;

import dev.chorus.verify.history.Op;

/**
 * A register op reduced to what the linearizability search needs: values interned as small ints ({@link #NIL} is
 * "no value"), and an end time of {@link Long#MAX_VALUE} for ops whose outcome is unknown.
 */
record RegisterOp(Op op, Kind kind, int a, int b, long invoke, long complete) {
    static final int NIL = 0;
    /** What {@link #apply} returns when the op cannot take effect in the given state. */
    static final int REFUSED = -1;

    enum Kind { READ, WRITE, CAS }

    boolean unknownOutcome() {
        return complete == Long.MAX_VALUE;
    }

    /** The register's value after this op in {@code state}, or {@link #REFUSED} if the op could not happen there. */
    int apply(int state) {
        return switch (kind) {
            case READ -> state == a ? state : REFUSED;
            case WRITE -> a;
            case CAS -> state == a ? b : REFUSED;
        };
    }
}
