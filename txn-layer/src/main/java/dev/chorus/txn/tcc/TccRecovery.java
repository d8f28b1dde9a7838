package dev.chorus.txn.tcc;

import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.lease.LeasedLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds unfinished TCC decision records in Chorus and finishes them with the participants it knows (by branch name):
 * a record whose owner's lease expired is taken over; still TRYING, it is decided CANCELLING (the owner died before
 * deciding); then every branch is confirmed or cancelled as decided. Any process that has the participants can run
 * it, at start-up and periodically; several may run at once (the lease lets one at a time drive a record, and the
 * fence makes a repeated confirm or cancel harmless). Same scheme as {@link dev.chorus.txn.saga.SagaRecovery}, on the
 * same {@link LeasedLog}.
 */
public final class TccRecovery {
    private final TxnClient txns;
    private final TccCoordinator coordinator;
    private final Map<String, TccParticipant> participants;
    private final Map<String, String> failures = new java.util.concurrent.ConcurrentHashMap<>();

    public TccRecovery(TxnClient txns, TccCoordinator coordinator, Map<String, TccParticipant> participants) {
        this.txns = txns;
        this.coordinator = coordinator;
        this.participants = Map.copyOf(participants);
    }

    /** Every TCC decision record in the cluster. */
    public static List<TccLog> list(TxnClient txns) {
        return LeasedLog.list(txns, TccLog.KEY_PREFIX, TccLog::decode);
    }

    public static Optional<TccLog> find(TxnClient txns, String xid) {
        return txns.kv().get(TccLog.key(xid)).map(TccLog::decode);
    }

    /** Unfinished records whose every branch this worker has a participant for. */
    public List<TccLog> unfinished() {
        return list(txns).stream()
                .filter(l -> !l.state().isFinal() && participants.keySet().containsAll(l.branchNames()))
                .toList();
    }

    /**
     * Finishes every unfinished record whose lease has expired; returns them as left (CONFIRMED, CANCELLED,
     * NEEDS_ATTENTION, or still decided with the errors of branches that kept failing, for the next round).
     */
    public List<TccLog> recoverOnce() {
        List<TccLog> done = new ArrayList<>();
        for (TccLog l : unfinished()) {
            if (l.leaseUntilMs() > System.currentTimeMillis() && !coordinator.owner().equals(l.owner())) {
                continue; // held by a live owner: nothing to do yet (takeOver would say the same, at a Raft round's cost)
            }
            try {
                coordinator.resume(l.xid(), participants).ifPresent(done::add);
                failures.remove(l.xid());
            } catch (RuntimeException e) {
                // One record that cannot be finished now (another worker took it over, its group is unreachable)
                // stops no other; it is tried again next round.
                failures.put(l.xid(), e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
        return done;
    }

    /** Records the last rounds could not work on, with why (until a later round gets through). */
    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    /** Time until the earliest lease of an unfinished record expires (0 if one already has), or -1 if none is unfinished. */
    public long millisUntilNextLeaseExpires() {
        return LeasedLog.millisUntilNextLeaseExpires(unfinished());
    }
}
