package dev.chorus.command;

import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.Versioned;
import dev.chorus.routing.Keys;
import dev.chorus.storage.ApplyBatch;
import dev.chorus.storage.Family;
import dev.chorus.storage.ScanPage;
import dev.chorus.storage.StateView;
import dev.chorus.versioned.Envelope;
import dev.chorus.versioned.Revisions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * etcd's {@code Txn} on one group's versioned keyspace: compares, then one branch of puts, deletes and ranges, in
 * one entry. Revisions: see {@link Revisions}. Transaction locks do not apply: the versioned keyspace is not the
 * keyspace of Chorus's own transactions.
 */
record VersionedTxnCommand(KvCommand.VersionedTxn txn) implements ReplicatedCommand {
    /** etcd's default {@code --max-txn-ops}. */
    static final int MAX_OPS = 128;
    private static final int PAGE = 1024;

    @Override
    public KvResponse.Failure validate(CommandValidation check) {
        if (txn.revisionFloor() < 0) {
            return CommandValidation.failure(ErrorCode.BAD_REQUEST, "negative revision floor");
        }
        if (txn.compares().size() > MAX_OPS || txn.success().size() > MAX_OPS || txn.failure().size() > MAX_OPS) {
            return CommandValidation.failure(ErrorCode.TOO_LARGE, "too many operations in txn request (at most "
                    + MAX_OPS + " compares and " + MAX_OPS + " operations per branch)");
        }
        for (Versioned.Compare c : txn.compares()) {
            KvResponse.Failure f = check.key(c.key());
            if (f == null && c.value() != null) {
                f = check.value(c.value());
            }
            if (f != null) {
                return f;
            }
        }
        KvResponse.Failure f = branch(check, txn.success());
        return f != null ? f : branch(check, txn.failure());
    }

    private static KvResponse.Failure branch(CommandValidation check, List<Versioned.Op> ops) {
        Set<String> puts = new HashSet<>();
        List<Versioned.DeleteRange> deletes = new ArrayList<>();
        for (Versioned.Op op : ops) {
            KvResponse.Failure f;
            if (op instanceof Versioned.Put p) {
                f = check.key(p.key());
                f = f != null ? f : check.value(p.value());
                if (f == null && !puts.add(Arrays.toString(p.key()))) {
                    f = CommandValidation.failure(ErrorCode.BAD_REQUEST, "duplicate key given in txn request");
                }
            } else if (op instanceof Versioned.DeleteRange d) {
                f = range(check, d.key(), d.end());
                deletes.add(d);
            } else {
                Versioned.Range r = (Versioned.Range) op;
                f = range(check, r.key(), r.end());
                if (f == null && (r.limit() < 0 || r.limit() > check.limits().maxScanLimit())) {
                    f = CommandValidation.failure(ErrorCode.BAD_REQUEST, "range limit " + r.limit()
                            + " is not within 0.." + check.limits().maxScanLimit());
                }
            }
            if (f != null) {
                return f;
            }
        }
        // etcd refuses a put of a key the same branch deletes: its outcome would depend on the order of operations.
        for (Versioned.Op op : ops) {
            if (op instanceof Versioned.Put p) {
                for (Versioned.DeleteRange d : deletes) {
                    if (contains(d.key(), d.end(), p.key())) {
                        return CommandValidation.failure(ErrorCode.BAD_REQUEST, "duplicate key given in txn request");
                    }
                }
            }
        }
        return null;
    }

    private static KvResponse.Failure range(CommandValidation check, byte[] key, byte[] end) {
        KvResponse.Failure f = key.length == 0 && end != null ? null : check.key(key);
        if (f == null && key.length == 0 && !check.range().contains(key)) {
            f = CommandValidation.failure(ErrorCode.KEY_OUT_OF_RANGE, "range start is outside group range "
                    + check.range());
        }
        if (f != null || end == null || end.length == 0) {
            return f;
        }
        if (Keys.compare(end, key) <= 0) {
            return CommandValidation.failure(ErrorCode.BAD_REQUEST, "range end " + Keys.printable(end)
                    + " is not after its start " + Keys.printable(key));
        }
        if (!CommandValidation.within(end, check.range())) {
            return CommandValidation.failure(ErrorCode.KEY_OUT_OF_RANGE, "range end is outside group range "
                    + check.range());
        }
        return null;
    }

    private static boolean contains(byte[] start, byte[] end, byte[] key) {
        if (end == null) {
            return Arrays.equals(start, key);
        }
        return Keys.compare(key, start) >= 0 && (end.length == 0 || Keys.compare(key, end) < 0);
    }

    @Override
    public KvResponse apply(ApplyContext context) {
        ApplyBatch batch = context.batch();
        long current = Revisions.current(batch);
        boolean succeeded = txn.compares().stream().allMatch(c -> holds(batch, c));
        long next = Math.max(current, txn.revisionFloor()) + 1;
        boolean changed = false;
        List<Versioned.OpResult> results = new ArrayList<>();
        for (Versioned.Op op : succeeded ? txn.success() : txn.failure()) {
            if (op instanceof Versioned.Put p) {
                Versioned.Kv prev = read(batch, p.key(), false);
                Versioned.Kv kv = prev == null ? new Versioned.Kv(p.key(), next, next, 1, 0, p.value())
                        : new Versioned.Kv(p.key(), prev.createRevision(), next, prev.version() + 1, 0, p.value());
                batch.put(Family.VERSIONED, p.key(), Envelope.encode(kv));
                changed = true;
                results.add(new Versioned.PutResult(p.prevKv() ? prev : null));
            } else if (op instanceof Versioned.DeleteRange d) {
                List<Versioned.Kv> gone = new ArrayList<>();
                scan(batch, d.key(), d.end(), false, kv -> {
                    gone.add(kv);
                    return true;
                });
                gone.forEach(kv -> batch.delete(Family.VERSIONED, kv.key()));
                changed |= !gone.isEmpty();
                results.add(new Versioned.DeleteResult(gone.size(), d.prevKv() ? gone : List.of()));
            } else {
                results.add(range(batch, (Versioned.Range) op));
            }
        }
        if (changed) {
            Revisions.set(batch, next);
        }
        return new KvResponse.VersionedResult(succeeded, changed ? next : current, results);
    }

    private static Versioned.RangeResult range(StateView state, Versioned.Range r) {
        List<Versioned.Kv> kvs = new ArrayList<>();
        long[] count = {0};
        int limit = r.limit() == 0 ? Integer.MAX_VALUE : r.limit();
        scan(state, r.key(), r.end(), r.keysOnly() || r.countOnly(), kv -> {
            count[0]++;
            if (!r.countOnly() && kvs.size() < limit) {
                kvs.add(kv);
            }
            return true;
        });
        return new Versioned.RangeResult(kvs, count[0], !r.countOnly() && count[0] > kvs.size());
    }

    static boolean holds(StateView state, Versioned.Compare c) {
        Versioned.Kv kv = read(state, c.key(), false);
        int order;
        switch (c.target()) {
            case VALUE -> {
                // etcd: a value compare on a missing key is false, whatever the relation.
                if (kv == null || c.value() == null) {
                    return false;
                }
                order = Arrays.compareUnsigned(kv.value(), c.value());
            }
            case VERSION -> order = Long.compare(kv == null ? 0 : kv.version(), c.number());
            case CREATE -> order = Long.compare(kv == null ? 0 : kv.createRevision(), c.number());
            case MOD -> order = Long.compare(kv == null ? 0 : kv.modRevision(), c.number());
            case LEASE -> order = Long.compare(kv == null ? 0 : kv.lease(), c.number());
            default -> throw new IllegalStateException("unknown compare target " + c.target());
        }
        return switch (c.relation()) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case GREATER -> order > 0;
            case LESS -> order < 0;
        };
    }

    private static Versioned.Kv read(StateView state, byte[] key, boolean keysOnly) {
        byte[] stored = state.get(Family.VERSIONED, key);
        return stored == null ? null : Envelope.decode(key, stored, keysOnly);
    }

    /** Visits the keys in {@code [start, end)} ({@code end} as in {@link Versioned.DeleteRange}) in order. */
    private static void scan(StateView state, byte[] start, byte[] end, boolean keysOnly,
                             java.util.function.Predicate<Versioned.Kv> visit) {
        if (end == null) {
            Versioned.Kv kv = read(state, start, keysOnly);
            if (kv != null) {
                visit.test(kv);
            }
            return;
        }
        byte[] from = start;
        while (true) {
            ScanPage page = state.scan(Family.VERSIONED, from, end, PAGE);
            for (KvResponse.KeyValue e : page.entries()) {
                if (!visit.test(Envelope.decode(e.key(), e.value(), keysOnly))) {
                    return;
                }
            }
            if (!page.truncated() || page.entries().isEmpty()) {
                return;
            }
            byte[] last = page.entries().get(page.entries().size() - 1).key();
            from = Arrays.copyOf(last, last.length + 1);
        }
    }
}
