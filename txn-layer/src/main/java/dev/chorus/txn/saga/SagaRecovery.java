package dev.chorus.txn.saga;

import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.lease.LeasedLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds unfinished sagas in Chorus and resumes them, forward or compensating, with the definitions it knows. Run it
 * in the application that defines the sagas (at start-up and periodically), or with {@code chorus saga recover}
 * for the built-in demo. The scan, take-over and lease checks are {@link LeasedLog}'s, shared with
 * {@link dev.chorus.txn.tcc.TccRecovery}.
 */
public final class SagaRecovery {
    private final TxnClient txns;
    private final SagaRunner runner;
    private final Map<String, SagaDefinition> definitions;

    public SagaRecovery(TxnClient txns, SagaRunner runner, Map<String, SagaDefinition> definitions) {
        this.txns = txns;
        this.runner = runner;
        this.definitions = Map.copyOf(definitions);
    }

    /** Every saga log in the cluster. */
    public static List<SagaLog> list(TxnClient txns) {
        return LeasedLog.list(txns, SagaLog.KEY_PREFIX, SagaLog::decode);
    }

    /** Unfinished sagas this worker knows how to run. */
    public List<SagaLog> unfinished() {
        return list(txns).stream().filter(l -> !l.state().isFinal() && definitions.containsKey(l.name())).toList();
    }

    /** Resumes every unfinished saga whose lease has expired; returns their final logs. */
    public List<SagaLog> recoverOnce() {
        List<SagaLog> done = new ArrayList<>();
        for (SagaLog l : unfinished()) {
            Optional<SagaLog> r = runner.resume(definitions.get(l.name()), l.id());
            r.ifPresent(done::add);
        }
        return done;
    }

    /** Time until the earliest lease of an unfinished saga expires (0 if one already has), or -1 if none is unfinished. */
    public long millisUntilNextLeaseExpires() {
        return LeasedLog.millisUntilNextLeaseExpires(unfinished());
    }
}
