package dev.chorus.participant.scenario;

import dev.chorus.command.CommandValidation;
import dev.chorus.command.ReplicatedCommands;
import dev.chorus.config.Limits;
import dev.chorus.participant.LockGuard;
import dev.chorus.participant.LockRecord;
import dev.chorus.participant.StoredState;
import dev.chorus.participant.TxnObserver;
import dev.chorus.participant.TxnQueries;
import dev.chorus.participant.TxnRecord;
import dev.chorus.participant.TxnState;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvRequest;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.LogEntry;
import dev.chorus.protocol.RequestId;
import dev.chorus.protocol.WireCodec;
import dev.chorus.raft.EntryApplier;
import dev.chorus.routing.KeyRange;
import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.Family;
import dev.chorus.storage.MemoryStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.chorus.routing.Keys.text;
import static dev.chorus.routing.Keys.utf8;

/**
 * One group's replica as the scenarios drive it: the state machine's own per-entry path ({@link EntryApplier}: group
 * time, decoding, deduplication, the command) over a {@link MemoryStore}, with the leader's clock injected. Every
 * write goes through the wire encoding and becomes one log entry of term 1, stamped with the clock, in its own
 * batch. Nothing here reads a real clock or starts a thread, so a scenario's output depends on its text only.
 */
final class ScenarioGroup {
    private static final String GROUP = "g1";
    private static final Set<String> CLUSTER_GROUPS = Set.of("g1", "g2", "g3");
    /** The group holds every key below "x": keys from "x" on belong to another group. */
    private static final KeyRange RANGE = new KeyRange(new byte[0], utf8("x"));

    private final MemoryStore store = new MemoryStore();
    private final EntryApplier entries = new EntryApplier(GROUP);
    private final Map<String, MemoryStore.State> snapshots = new HashMap<>();
    private long clockMs;
    private long index;

    ScenarioGroup() {
        // The leader of term 1 stamps its first entry at 0: from then on group time equals the clock.
        try (ApplyBatch b = store.beginApply()) {
            b.advanceTime(0, 1);
            b.commit(++index);
        }
    }

    List<String> run(String line) {
        CommandLine c = CommandLine.parse(line);
        return switch (c.verb()) {
            case "tick" -> {
                clockMs += Long.parseLong(c.word(0));
                yield List.of("clock " + clockMs);
            }
            case "time" -> List.of("group time " + store.groupTime().timeMs() + ", applied index " + store.appliedIndex());
            case "validate" -> List.of(validate(line.trim().substring("validate".length()).trim()));
            case "get" -> List.of(show(store.get(utf8(c.word(0)))));
            case "read" -> {
                KvResponse.Failure locked = LockGuard.lockedForRead(store, utf8(c.word(0)));
                yield List.of(locked != null ? failure(locked) : show(store.get(utf8(c.word(0)))));
            }
            case "scan" -> scan(c);
            case "locks" -> locks();
            case "records" -> records();
            case "states" -> states();
            case "rangelocks" -> rangeLocks();
            case "data" -> data();
            case "dump" -> dump();
            case "forgettable" -> List.of("forgettable " + new TxnQueries(store).forgettable(c.number("min-age", 0), 100));
            case "snapshot" -> {
                snapshots.put(c.word(0), store.snapshot());
                yield List.of("snapshot " + c.word(0) + " at index " + store.appliedIndex());
            }
            case "restore" -> {
                store.restore(snapshots.get(c.word(0)));
                yield List.of("restored " + c.word(0) + " at index " + store.appliedIndex());
            }
            default -> write(c);
        };
    }

    private List<String> write(CommandLine c) {
        KvCommand command = ScenarioCommands.parse(c);
        RequestId id = requestId(c.options().get("id"));
        byte[] entry = LogEntry.encode(clockMs, WireCodec.encode(new KvRequest.Write(id, command)));
        List<String> out = new ArrayList<>();
        TxnObserver observer = events(out);
        KvResponse response;
        try (ApplyBatch b = store.beginApply()) {
            response = entries.apply(b, entry, 1, observer);
            b.commit(++index);
        }
        List<String> shown = new ArrayList<>(show(response));
        shown.addAll(out);
        return shown;
    }

    /** {@code client:seq[:firstIncompleteSeq]}; the first incomplete seq defaults to seq (no other write in flight). */
    private static RequestId requestId(String spec) {
        if (spec == null) {
            return null;
        }
        String[] p = spec.split(":");
        long seq = Long.parseLong(p[1]);
        return new RequestId(0, Long.parseLong(p[0]), seq, p.length > 2 ? Long.parseLong(p[2]) : seq);
    }

    private String validate(String commandLine) {
        CommandValidation check = new CommandValidation(GROUP, RANGE, Limits.DEFAULT, CLUSTER_GROUPS::contains);
        KvResponse.Failure f = ReplicatedCommands.of(ScenarioCommands.parse(CommandLine.parse(commandLine))).validate(check);
        return f == null ? "valid" : failure(f);
    }

    private static TxnObserver events(List<String> out) {
        return new TxnObserver() {
            @Override
            public void prepared(String txnId) {
                out.add("event prepared " + txnId);
            }

            @Override
            public void decided(String txnId, TxnState state) {
                out.add("event decided " + txnId + " " + state);
            }

            @Override
            public void completed(String txnId, boolean commit) {
                out.add("event completed " + txnId + (commit ? " commit" : " abort"));
            }
        };
    }

    private List<String> scan(CommandLine c) {
        byte[] start = c.words().isEmpty() ? new byte[0] : utf8(c.word(0));
        byte[] end = c.words().size() > 1 ? utf8(c.word(1)) : new byte[0];
        KvResponse.Failure locked = LockGuard.lockedForScan(store, start, end);
        if (locked != null) {
            return List.of(failure(locked));
        }
        return entries(store.scan(Family.DATA, start, end, 100).entries(), "(no keys)");
    }

    private List<String> data() {
        return entries(store.scan(Family.DATA, new byte[0], new byte[0], 1000).entries(), "data: (none)");
    }

    private List<String> locks() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<byte[], LockRecord> e : new TxnQueries(store).locks(1000)) {
            LockRecord l = e.getValue();
            out.add("lock " + text(e.getKey()) + ": " + l.txnId() + (l.write() ? " write " + show(l.value()) : " read")
                    + " primary=" + l.primaryGroup() + " created=" + l.createdMs() + " ttl=" + l.ttlMs());
        }
        return out.isEmpty() ? List.of("locks: (none)") : out;
    }

    private List<String> records() {
        List<String> out = new ArrayList<>();
        for (TxnRecord r : new TxnQueries(store).records(1000)) {
            out.add("record " + r.txnId() + ": " + r.state() + (r.finished() ? " finished" : "") + " participants="
                    + r.participants() + " created=" + r.createdMs() + " ttl=" + r.ttlMs() + " decided=" + r.decidedMs()
                    + " deadline=" + r.deadlineMs());
        }
        return out.isEmpty() ? List.of("records: (none)") : out;
    }

    private List<String> states() {
        List<String> out = new ArrayList<>();
        StoredState.participantStates(store).forEach((txn, s) -> out.add("state " + txn + ": " + s.state() + " primary="
                + s.primaryGroup() + " keys=" + s.keys().stream().map(k -> text(k)).toList() + " ranges=" + s.rangeLocks()
                + " created=" + s.createdMs() + " deadline=" + s.deadlineMs() + " final=" + s.finalMs()));
        return out.isEmpty() ? List.of("states: (none)") : out;
    }

    private List<String> rangeLocks() {
        List<String> out = StoredState.rangeLocks(store);
        return out.isEmpty() ? List.of("range locks: (none)") : out;
    }

    private List<String> dump() {
        List<String> out = new ArrayList<>(data());
        out.addAll(locks());
        out.addAll(rangeLocks());
        out.addAll(records());
        out.addAll(states());
        return out;
    }

    private static List<String> entries(List<KvResponse.KeyValue> kvs, String none) {
        List<String> out = new ArrayList<>();
        kvs.forEach(kv -> out.add(text(kv.key()) + "=" + text(kv.value())));
        return out.isEmpty() ? List.of(none) : out;
    }

    private static String show(byte[] value) {
        return value == null ? "-" : text(value);
    }

    private static String failure(KvResponse.Failure f) {
        return f.code() + ": " + f.message();
    }

    private static List<String> show(KvResponse response) {
        if (response instanceof KvResponse.TxnOutcome t) {
            return List.of(t.verdict() + (t.detail() == null ? "" : ": " + t.detail()));
        } else if (response instanceof KvResponse.Failure f) {
            return List.of(failure(f));
        } else if (response instanceof KvResponse.ScanResult s) {
            return entries(s.entries(), "(no values)");
        } else if (response instanceof KvResponse.CasResult c) {
            return List.of(c.succeeded() ? "cas ok" : "cas failed, current " + show(c.current()));
        } else if (response instanceof KvResponse.Value v) {
            return List.of(show(v.value()));
        }
        return List.of("ok");
    }
}
