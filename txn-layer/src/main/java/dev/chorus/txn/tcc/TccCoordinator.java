package dev.chorus.txn.tcc;

import dev.chorus.txn.lease.LeasedLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Drives TCC transactions with a durable decision record ({@link TccLog}, {@code tcclog/<xid>}), written through
 * serializable transactions under this coordinator's lease:
 * <ol>
 *   <li>write the record TRYING with every branch's name (before any try);</li>
 *   <li>try every participant in order, stopping at the first that fails or is refused;</li>
 *   <li>write the decision, CONFIRMING if every try took effect, else CANCELLING. That write is the commit point:
 *       it happens before any confirm or cancel, and nothing afterwards changes it ({@link LeasedLog} refuses a
 *       write that would);</li>
 *   <li>confirm (or cancel) every branch, each retried with backoff; a cancel of a branch whose try failed or never
 *       ran is an empty rollback in the fence, which also refuses that try if it arrives later;</li>
 *   <li>write the end: CONFIRMED or CANCELLED if every branch was done; NEEDS_ATTENTION if the fence refused the
 *       decided operation on some branch (e.g. a confirm of a cancelled branch: {@link #run} then throws
 *       {@link TccException}, never reports CONFIRMED); if some branch kept failing, the record stays CONFIRMING or
 *       CANCELLING with the errors, {@link #run} throws, and {@link TccRecovery} retries later.</li>
 * </ol>
 * The lease is renewed while the coordinator works. If it dies (or stalls past its lease), {@link TccRecovery} in any
 * process takes the record over and finishes it: a record still TRYING is decided CANCELLING; a decided one is
 * driven to its end. A coordinator whose lease ran out writes nothing more: it gets {@link LostOwnership}.
 */
public final class TccCoordinator implements AutoCloseable {
    public enum Outcome { CONFIRMED, CANCELLED }

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);
    static final int DEFAULT_PHASE_TWO_ATTEMPTS = 50;

    /** Where a coordinator may be made to crash (tests): each hook runs right after that step took effect. */
    public interface CrashPoint {
        CrashPoint NONE = new CrashPoint() {
        };

        /** After a branch's try returned (committed, failed or refused), before anything is recorded. */
        default void afterTry(String xid, String branch) {
        }

        /** After the decision was written, before phase two. */
        default void afterDecision(String xid, TccLog.Decision decision) {
        }

        /** After phase two on a branch returned, before the next branch. */
        default void afterBranch(String xid, String branch, TccLog.Decision decision) {
        }
    }

    /** This coordinator no longer holds the record: another one drives it now, or its lease ran out. */
    public static final class LostOwnership extends RuntimeException {
        LostOwnership(String message) {
            super(message);
        }
    }

    private static final LeasedLog.LostOwnershipFactory LOST = new LeasedLog.LostOwnershipFactory() {
        @Override
        public RuntimeException otherOwner(String xid, String other) {
            return new LostOwnership("TCC " + xid + " is now driven by " + other);
        }

        @Override
        public RuntimeException leaseExpired(String xid, String owner, long agoMs) {
            return new LostOwnership("TCC " + xid + ": the lease of " + owner + " ran out " + agoMs
                    + " ms ago; it records nothing more and recovery takes the transaction over");
        }
    };

    private final TccFence fence;
    private final LeasedLog<TccLog> log;
    private final CrashPoint crashPoint;
    private final int phaseTwoAttempts;

    public TccCoordinator(TccFence fence) {
        this(fence, DEFAULT_LEASE, CrashPoint.NONE);
    }

    public TccCoordinator(TccFence fence, Duration lease, CrashPoint crashPoint) {
        this(fence, lease, crashPoint, DEFAULT_PHASE_TWO_ATTEMPTS);
    }

    public TccCoordinator(TccFence fence, Duration lease, CrashPoint crashPoint, int phaseTwoAttempts) {
        this.fence = fence;
        this.log = new LeasedLog<>(fence.txns(), TccLog.KEY_PREFIX, TccLog::decode, lease, "tcc",
                LOST, TccCoordinator::checkTransition);
        this.crashPoint = crashPoint;
        this.phaseTwoAttempts = phaseTwoAttempts;
    }

    /** The record's invariants, checked inside every write of it: a decision, once written, never changes. */
    private static void checkTransition(TccLog cur, TccLog next) {
        if (cur.decision() != null && cur.decision() != next.decision()) {
            throw new IllegalStateException("TCC " + cur.xid() + " is decided " + cur.decision()
                    + "; refusing to record " + next.decision());
        }
        if (cur.state().isFinal()) {
            throw new IllegalStateException("TCC " + cur.xid() + " already ended " + cur.state());
        }
    }

    String owner() {
        return log.owner();
    }

    /**
     * Runs a new TCC transaction to its end. Returns CONFIRMED or CANCELLED only once every branch is; throws
     * {@link TccException} if phase two was refused on a branch (record NEEDS_ATTENTION) or kept failing (record left
     * to recovery), {@link LostOwnership} if this coordinator's lease ran out, and {@link IllegalStateException} if
     * the xid was used before.
     */
    public Outcome run(String xid, List<TccParticipant> participants) {
        List<String> names = participants.stream().map(TccParticipant::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("branch names must be unique within TCC " + xid + ": " + names);
        }
        TccLog record = log.create(xid, until -> TccLog.start(xid, names, log.owner(), until));
        try (LeasedLog.Renewal renewal = log.renewWhileWorking(xid)) {
            boolean allTried = true;
            for (TccParticipant p : participants) {
                try {
                    TccFence.Result r = fence.tryBranch(xid, p);
                    crashPoint.afterTry(xid, p.name());
                    if (r == TccFence.Result.REFUSED) {
                        allTried = false;
                        break;
                    }
                } catch (RuntimeException e) {
                    // Failed, or its outcome is unknown: cancel covers both (the fence undoes it or fences it off).
                    crashPoint.afterTry(xid, p.name());
                    allTried = false;
                    break;
                }
            }
            record = log.write(record.decided(allTried ? TccLog.Decision.CONFIRM : TccLog.Decision.CANCEL));
            crashPoint.afterDecision(xid, record.decision());
            TccLog end = finish(record, participants::get);
            return switch (end.state()) {
                case CONFIRMED -> Outcome.CONFIRMED;
                case CANCELLED -> Outcome.CANCELLED;
                case NEEDS_ATTENTION -> throw new TccException("TCC " + xid + " needs attention: " + end.failure(), end);
                default -> throw new TccException("TCC " + xid + " unfinished (" + end.state() + "): " + end.failure(), end);
            };
        }
    }

    /**
     * Takes over an unfinished record whose owner's lease expired and drives it to its end (a record still TRYING is
     * decided CANCELLING first). Empty if someone else holds it or it is finished. {@code participants} finds a
     * branch's participant by name. Returns the record as this run left it: CONFIRMED, CANCELLED, NEEDS_ATTENTION,
     * or still CONFIRMING/CANCELLING (with the errors) if phase two kept failing on some branch.
     */
    public Optional<TccLog> resume(String xid, Map<String, TccParticipant> participants) {
        for (String name : log.get(xid).map(TccLog::branchNames).orElse(List.of())) {
            if (!participants.containsKey(name)) {
                throw new IllegalArgumentException("TCC " + xid + " has branch " + name + ", unknown here");
            }
        }
        Optional<TccLog> taken = log.takeOver(xid);
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        try (LeasedLog.Renewal renewal = log.renewWhileWorking(xid)) {
            TccLog record = taken.get();
            if (record.decision() == null) {
                // Its owner died before deciding: some tries may have taken effect, so the only safe decision is to
                // cancel (the fence undoes those, and turns the others into empty rollbacks that refuse late tries).
                record = log.write(record.decided(TccLog.Decision.CANCEL));
            }
            List<String> names = record.branchNames();
            return Optional.of(finish(record, i -> participants.get(names.get(i))));
        }
    }

    /**
     * Phase two on every branch (all of them, whatever happens to one), then the record's end: CONFIRMED/CANCELLED,
     * NEEDS_ATTENTION if the fence refused a branch, or unchanged state with the errors if a branch kept failing.
     */
    private TccLog finish(TccLog record, IntFunction<TccParticipant> participantAt) {
        String xid = record.xid();
        boolean confirm = record.decision() == TccLog.Decision.CONFIRM;
        List<TccLog.BranchLog> branches = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < record.branches().size(); i++) {
            String name = record.branches().get(i).name();
            TccParticipant p = participantAt.apply(i);
            TccLog.BranchLog b;
            try {
                TccFence.Result r = phaseTwo(xid, p, confirm);
                if (r == TccFence.Result.REFUSED) {
                    TccFence.State now = fence.state(xid, name).orElse(null);
                    b = new TccLog.BranchLog(name, TccLog.BranchState.REFUSED, (confirm ? "confirm" : "cancel")
                            + " refused by the fence (branch " + now + ")");
                    refused.add(name + " (" + (confirm ? "confirm" : "cancel") + " refused: branch is " + now + ")");
                } else {
                    b = new TccLog.BranchLog(name, confirm ? TccLog.BranchState.CONFIRMED : TccLog.BranchState.CANCELLED, null);
                }
            } catch (RuntimeException e) {
                b = new TccLog.BranchLog(name, TccLog.BranchState.FAILED, message(e));
                failed.add(name + ": " + message(e));
            }
            branches.add(b);
            crashPoint.afterBranch(xid, name, record.decision());
        }
        if (!refused.isEmpty()) {
            String why = "decided " + record.decision() + " but " + String.join("; ", refused)
                    + (failed.isEmpty() ? "" : "; still failing: " + String.join("; ", failed));
            return log.write(record.withBranches(branches, TccState.NEEDS_ATTENTION, why));
        }
        if (!failed.isEmpty()) {
            String why = (confirm ? "confirm" : "cancel") + " kept failing on " + String.join("; ", failed)
                    + "; recovery retries once this coordinator's lease expires";
            return log.write(record.withBranches(branches, record.state(), why));
        }
        return log.write(record.withBranches(branches, confirm ? TccState.CONFIRMED : TccState.CANCELLED, null));
    }

    private TccFence.Result phaseTwo(String xid, TccParticipant p, boolean confirm) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= phaseTwoAttempts; attempt++) {
            try {
                return confirm ? fence.confirm(xid, p) : fence.cancel(xid, p);
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(Math.min(500, 10L * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException((confirm ? "confirm" : "cancel") + " of " + p.name() + " kept failing ("
                + phaseTwoAttempts + " attempts): " + (last == null ? "interrupted" : message(last)), last);
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        log.close();
    }
}
