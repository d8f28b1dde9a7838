package dev.chorus.participant;

import dev.chorus.protocol.KvResponse;
import dev.chorus.storage.Family;
import dev.chorus.storage.StateView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.chorus.routing.Keys.text;

/** Test access to what the participant stores and the query API does not expose: states and range locks. */
public final class StoredState {
    private StoredState() {
    }

    public static Map<String, ParticipantState> participantStates(StateView state) {
        Map<String, ParticipantState> out = new LinkedHashMap<>();
        for (KvResponse.KeyValue kv : state.scan(Family.TXN, TxnKeys.STATES_START, TxnKeys.STATES_END, 1000).entries()) {
            out.put(TxnKeys.txnIdOfState(kv.key()), ParticipantState.decode(kv.value()));
        }
        return out;
    }

    public static List<String> rangeLocks(StateView state) {
        List<String> out = new ArrayList<>();
        for (KvResponse.KeyValue kv : state.scan(Family.RANGE_LOCK, new byte[0], new byte[0], 1000).entries()) {
            RangeLock r = RangeLock.decode(kv.value());
            out.add("range lock " + r.holder() + ": [" + text(r.start()) + ", " + (r.end().length == 0 ? "end" : text(r.end())) + ")");
        }
        return out;
    }
}
