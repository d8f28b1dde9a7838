package dev.chorus.txn.tcc;

import dev.chorus.routing.Keys;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;

import java.util.Optional;

/**
 * The fence that makes TCC participants safe against the three classic hazards (as Seata's users met them): a fence
 * record {@code tcc/<xid>/<branch>} (TRIED, CONFIRMED, CANCELLED, SUSPENDED) written in the same Chorus transaction as
 * the participant's own effect.
 * <ul>
 *   <li><b>Idempotence</b>: a repeated confirm or cancel finds its final state and does nothing.</li>
 *   <li><b>Empty rollback</b>: a cancel for a try that never ran records SUSPENDED and succeeds.</li>
 *   <li><b>Hanging (suspension)</b>: a try that arrives after its cancel finds CANCELLED or SUSPENDED and is refused.</li>
 * </ul>
 * Confirm and cancel racing on one branch are two serializable transactions on the same fence key: exactly one
 * takes effect, the other sees its outcome.
 */
public final class TccFence {
    public enum State { TRIED, CONFIRMED, CANCELLED, SUSPENDED }

    /** What a fenced call did. */
    public enum Result {
        /** The participant's operation ran (its effect committed with the fence). */
        APPLIED,
        /** Already in the asked state: nothing was done (idempotent repeat). */
        ALREADY,
        /** Cancel with no try before it: recorded SUSPENDED, nothing to undo. */
        EMPTY_ROLLBACK,
        /** Not allowed in the current state (a try after cancel, a confirm after cancel, a cancel after confirm). */
        REFUSED
    }

    private final TxnClient txns;

    public TccFence(TxnClient txns) {
        this.txns = txns;
    }

    TxnClient txns() {
        return txns;
    }

    public static byte[] key(String xid, String branch) {
        return Keys.utf8("tcc/" + xid + "/" + branch);
    }

    public Optional<State> state(String xid, String branch) {
        return txns.kv().get(key(xid, branch)).map(TccFence::decode);
    }

    private static Optional<State> read(Transaction t, byte[] key) {
        return t.get(key).map(TccFence::decode);
    }

    private static State decode(byte[] raw) {
        return State.valueOf(Keys.text(raw));
    }

    private static void write(Transaction t, byte[] key, State s) {
        t.put(key, Keys.utf8(s.name()));
    }

    public Result tryBranch(String xid, TccParticipant p) {
        return txns.run(t -> {
            byte[] key = key(xid, p.name());
            Optional<State> s = read(t, key);
            if (s.isPresent()) {
                return s.get() == State.TRIED || s.get() == State.CONFIRMED ? Result.ALREADY : Result.REFUSED;
            }
            try {
                p.doTry(t, xid);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            write(t, key, State.TRIED);
            return Result.APPLIED;
        });
    }

    public Result confirm(String xid, TccParticipant p) {
        return txns.run(t -> {
            byte[] key = key(xid, p.name());
            Optional<State> s = read(t, key);
            if (s.isPresent() && s.get() == State.CONFIRMED) {
                return Result.ALREADY;
            }
            if (s.isEmpty() || s.get() != State.TRIED) {
                return Result.REFUSED;
            }
            p.doConfirm(t, xid);
            write(t, key, State.CONFIRMED);
            return Result.APPLIED;
        });
    }

    public Result cancel(String xid, TccParticipant p) {
        return txns.run(t -> {
            byte[] key = key(xid, p.name());
            Optional<State> s = read(t, key);
            if (s.isEmpty()) {
                write(t, key, State.SUSPENDED);
                return Result.EMPTY_ROLLBACK;
            }
            switch (s.get()) {
                case CANCELLED, SUSPENDED -> {
                    return Result.ALREADY;
                }
                case CONFIRMED -> {
                    return Result.REFUSED;
                }
                default -> {
                    p.doCancel(t, xid);
                    write(t, key, State.CANCELLED);
                    return Result.APPLIED;
                }
            }
        });
    }
}
