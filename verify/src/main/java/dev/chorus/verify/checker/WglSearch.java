package dev.chorus.verify.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Wing–Gong–Lowe linearizability search over the ops of one register, as Knossos' {@code wgl} and Porcupine do.
 *
 * <p>Calls and returns are kept in one time-ordered, doubly linked list. Walking from the head, every call met
 * before the first return is an op that may take effect next; the search tries them in turn, lifting a chosen op
 * (its call and return) out of the list, and backtracks when it reaches a return whose op it could not place
 * before it. Ops with an unknown outcome have no return entry: they may take effect at any point after their call,
 * or never, so the history is linearizable as soon as every definite op is placed.
 */
final class WglSearch {
    /** Why the search stopped. */
    enum Ending { LINEARIZABLE, NOT_LINEARIZABLE, GAVE_UP }

    /**
     * The search's answer. For {@link Ending#NOT_LINEARIZABLE}: the op that could be placed nowhere at the deepest
     * point the search reached, the values the register could hold then, the ops still pending beside it, and the
     * op linearized last before it (or null).
     */
    record Outcome(Ending ending, long states, RegisterOp stuck, Set<Integer> possibleValues,
                   List<RegisterOp> concurrent, RegisterOp lastPlaced) {
    }

    private static final int HEAD = 0;
    private static final int MAX_WITNESS_STATES = 8;

    private final RegisterOp[] ops;
    private final long stateBudget;
    // The entry list: index 0 is the head sentinel; entry e > 0 is a call or return of ops[opOf[e]].
    private final int[] next;
    private final int[] prev;
    private final int[] opOf;
    private final boolean[] isCall;
    /** For a call entry, its return entry; -1 for ops with an unknown outcome (they never return). */
    private final int[] returnOf;
    private final int[] ordinal;

    private int deepest = -1;
    private RegisterOp stuck;
    private final Set<Integer> stuckValues = new LinkedHashSet<>();
    private List<RegisterOp> stuckConcurrent = List.of();
    private RegisterOp stuckAfter;

    WglSearch(List<RegisterOp> keyOps, long stateBudget) {
        this.ops = keyOps.toArray(RegisterOp[]::new);
        this.stateBudget = stateBudget;
        int definite = 0;
        int unknown = 0;
        ordinal = new int[ops.length];
        List<long[]> events = new ArrayList<>(); // {time, callFirst (0 call, 1 return), op}
        for (int i = 0; i < ops.length; i++) {
            RegisterOp op = ops[i];
            ordinal[i] = op.unknownOutcome() ? unknown++ : definite++;
            events.add(new long[]{op.invoke(), 0, i});
            if (!op.unknownOutcome()) {
                events.add(new long[]{op.complete(), 1, i});
            }
        }
        // Ties put calls first: ops whose times touch are treated as concurrent, the lenient reading.
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
        int n = events.size() + 1;
        next = new int[n];
        prev = new int[n];
        opOf = new int[n];
        isCall = new boolean[n];
        int[] returnEntryOfOp = new int[ops.length];
        int[] callOf = new int[ops.length];
        for (int e = 1; e < n; e++) {
            long[] event = events.get(e - 1);
            opOf[e] = (int) event[2];
            isCall[e] = event[1] == 0;
            if (isCall[e]) {
                callOf[opOf[e]] = e;
            } else {
                returnEntryOfOp[opOf[e]] = e;
            }
            prev[e] = e - 1;
            next[e - 1] = e;
        }
        next[n - 1] = HEAD;
        prev[HEAD] = n - 1;
        returnOf = new int[n];
        Arrays.fill(returnOf, -1);
        for (int i = 0; i < ops.length; i++) {
            if (!ops[i].unknownOutcome()) {
                returnOf[callOf[i]] = returnEntryOfOp[i];
            }
        }
    }

    Outcome run() {
        LinearizationMemo memo = new LinearizationMemo();
        int[] stackEntry = new int[ops.length];
        int[] stackState = new int[ops.length];
        int depth = 0;
        int state = RegisterOp.NIL;
        int unplacedDefinite = (int) Arrays.stream(ops).filter(op -> !op.unknownOutcome()).count();
        int entry = next[HEAD];
        while (unplacedDefinite > 0) {
            if (entry == HEAD) {
                throw new IllegalStateException("WGL walked past every return: the entry list is corrupt");
            }
            if (isCall[entry]) {
                int opIndex = opOf[entry];
                RegisterOp op = ops[opIndex];
                int after = op.apply(state);
                if (after != RegisterOp.REFUSED) {
                    memo.mark(op, ordinal[opIndex]);
                    if (memo.add(after)) {
                        stackEntry[depth] = entry;
                        stackState[depth] = state;
                        depth++;
                        state = after;
                        lift(entry);
                        if (!op.unknownOutcome()) {
                            unplacedDefinite--;
                        }
                        if (memo.size() > stateBudget) {
                            return new Outcome(Ending.GAVE_UP, memo.size(), null, Set.of(), List.of(), null);
                        }
                        entry = next[HEAD];
                        continue;
                    }
                    memo.unmark(op, ordinal[opIndex]);
                }
                entry = next[entry];
            } else {
                // The op returning here was not placed before its return: undo the latest choice.
                noteStuck(entry, state, depth, depth == 0 ? null : ops[opOf[stackEntry[depth - 1]]]);
                if (depth == 0) {
                    return new Outcome(Ending.NOT_LINEARIZABLE, memo.size(), stuck, Set.copyOf(stuckValues),
                            stuckConcurrent, stuckAfter);
                }
                depth--;
                int undone = stackEntry[depth];
                state = stackState[depth];
                RegisterOp op = ops[opOf[undone]];
                memo.unmark(op, ordinal[opOf[undone]]);
                unlift(undone);
                if (!op.unknownOutcome()) {
                    unplacedDefinite++;
                }
                entry = next[undone];
            }
        }
        return new Outcome(Ending.LINEARIZABLE, memo.size(), null, Set.of(), List.of(), null);
    }

    /** Remembers the deepest dead end: the most useful one to show a person. */
    private void noteStuck(int returnEntry, int state, int depth, RegisterOp lastPlaced) {
        RegisterOp op = ops[opOf[returnEntry]];
        if (depth > deepest) {
            deepest = depth;
            stuck = op;
            stuckValues.clear();
            stuckAfter = lastPlaced;
            List<RegisterOp> pending = new ArrayList<>();
            for (int e = next[HEAD]; e != returnEntry; e = next[e]) {
                if (isCall[e] && ops[opOf[e]] != op) {
                    pending.add(ops[opOf[e]]);
                }
            }
            stuckConcurrent = List.copyOf(pending);
        }
        if (depth == deepest && op == stuck && stuckValues.size() < MAX_WITNESS_STATES) {
            stuckValues.add(state);
        }
    }

    private void lift(int call) {
        unlink(call);
        if (returnOf[call] >= 0) {
            unlink(returnOf[call]);
        }
    }

    private void unlift(int call) {
        if (returnOf[call] >= 0) {
            relink(returnOf[call]);
        }
        relink(call);
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
    }

    private void relink(int e) {
        next[prev[e]] = e;
        prev[next[e]] = e;
    }
}
