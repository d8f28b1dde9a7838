package dev.chorus.txn.tcc;

import dev.chorus.txn.client.TxnException;

import java.util.ArrayList;
import java.util.List;

/**
 * Try every participant; if all tries took effect, confirm every one, otherwise cancel every one (also those whose
 * try failed or never ran: the fence turns that into an empty rollback and blocks a late try). Confirm and cancel
 * are retried until they succeed, as TCC requires; the fence makes the retries harmless.
 */
public final class TccCoordinator {
    public enum Outcome { CONFIRMED, CANCELLED }

    private static final int PHASE_TWO_ATTEMPTS = 50;
    private final TccFence fence;

    public TccCoordinator(TccFence fence) {
        this.fence = fence;
    }

    public Outcome run(String xid, List<TccParticipant> participants) {
        boolean allTried = true;
        for (TccParticipant p : participants) {
            try {
                TccFence.Result r = fence.tryBranch(xid, p);
                if (r == TccFence.Result.REFUSED) {
                    allTried = false;
                    break;
                }
            } catch (RuntimeException e) {
                allTried = false;
                break;
            }
        }
        List<TccParticipant> all = new ArrayList<>(participants);
        for (TccParticipant p : all) {
            phaseTwo(xid, p, allTried);
        }
        return allTried ? Outcome.CONFIRMED : Outcome.CANCELLED;
    }

    private void phaseTwo(String xid, TccParticipant p, boolean confirm) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= PHASE_TWO_ATTEMPTS; attempt++) {
            try {
                if (confirm) {
                    fence.confirm(xid, p);
                } else {
                    fence.cancel(xid, p);
                }
                return;
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
        throw new TxnException(TxnException.Kind.UNKNOWN, (confirm ? "confirm" : "cancel") + " of " + p.name()
                + " in " + xid + " kept failing: " + (last == null ? "interrupted" : last.getMessage()));
    }
}
