package dev.chorus.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of every message the wire and the Raft log carry: every command (each decision), every read (each
 * consistency), every response (each verdict). {@link WireGoldenBytesTest} pins their encodings.
 */
final class WireGoldenCases {
    private WireGoldenCases() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, KvCommand> commands() {
        Map<String, KvCommand> c = new LinkedHashMap<>();
        KvCommand.Put put = new KvCommand.Put(b("k1"), b("v1"));
        KvCommand.Delete delete = new KvCommand.Delete(b("k2"));
        List<KvCommand.ReadCheck> reads = List.of(new KvCommand.ReadCheck(b("r1"), b("x")),
                new KvCommand.ReadCheck(b("r2"), null));
        List<KvCommand.RangeCheck> ranges = List.of(new KvCommand.RangeCheck(b("a"), b("c"),
                List.of(new KvResponse.KeyValue(b("a1"), b("1")))), new KvCommand.RangeCheck(b("m"), new byte[0], List.of()));
        c.put("put", put);
        c.put("delete", delete);
        c.put("cas", new KvCommand.CompareAndSet(b("k"), b("old"), b("new")));
        c.put("cas-absent-delete", new KvCommand.CompareAndSet(b("k"), null, null));
        c.put("batch", new KvCommand.Batch(List.of(put, delete)));
        c.put("prepare-primary", new KvCommand.TxnPrepare("t1", "g1", 1234, 500, reads, ranges, List.of(put, delete),
                List.of("g1", "g2"), "n1"));
        c.put("prepare-secondary", new KvCommand.TxnPrepare("t1", "g1", 0, 500, List.of(), List.of(), List.of(put),
                List.of(), null));
        c.put("lock-read", new KvCommand.TxnLockRead("t2", "g1", 99, 300, List.of(b("k1"), b("k2")), List.of("g1")));
        c.put("one-phase", new KvCommand.TxnOnePhase("t3", 777, reads, ranges, List.of(put, delete)));
        c.put("decide-commit", new KvCommand.TxnDecide("t1", KvCommand.Decision.COMMIT, 1000));
        c.put("decide-abort", new KvCommand.TxnDecide("t1", KvCommand.Decision.ABORT, 0));
        c.put("decide-abort-if-expired", new KvCommand.TxnDecide("t1", KvCommand.Decision.ABORT_IF_EXPIRED, 5));
        c.put("complete-commit", new KvCommand.TxnComplete("t1", true));
        c.put("complete-abort", new KvCommand.TxnComplete("t1", false));
        c.put("finish", new KvCommand.TxnFinish("t1"));
        c.put("forget", new KvCommand.TxnForget(List.of("t1", "t2")));
        return c;
    }

    static Map<String, KvRequest> requests() {
        Map<String, KvRequest> r = new LinkedHashMap<>();
        r.put("write-with-id", new KvRequest.Write(new RequestId(1, 2, 3, 4), new KvCommand.Put(b("k"), b("v"))));
        r.put("write-without-id", new KvRequest.Write(null, new KvCommand.TxnFinish("t1")));
        r.put("get-linearizable", new KvRequest.Read(new KvRead.Get(b("k"), KvRead.Consistency.LINEARIZABLE)));
        r.put("get-stale", new KvRequest.Read(new KvRead.Get(b("k"), KvRead.Consistency.STALE)));
        r.put("scan", new KvRequest.Read(new KvRead.Scan(b("a"), b("z"), 10, KvRead.Consistency.STALE)));
        r.put("group-time", new KvRequest.Read(new KvRead.GroupTime()));
        return r;
    }

    static Map<String, KvResponse> responses() {
        Map<String, KvResponse> r = new LinkedHashMap<>();
        r.put("done", new KvResponse.Done());
        r.put("value", new KvResponse.Value(b("v")));
        r.put("value-absent", new KvResponse.Value(null));
        r.put("cas-ok", new KvResponse.CasResult(true, null));
        r.put("cas-mismatch", new KvResponse.CasResult(false, b("cur")));
        r.put("scan", new KvResponse.ScanResult(List.of(new KvResponse.KeyValue(b("a"), b("1"))), true));
        r.put("failure", new KvResponse.Failure(ErrorCode.NOT_LEADER, "not me", "n2"));
        for (TxnVerdict v : TxnVerdict.values()) {
            r.put("txn-" + v.name().toLowerCase(), new KvResponse.TxnOutcome(v, v == TxnVerdict.CONFLICT ? "why" : null));
        }
        return r;
    }
}
