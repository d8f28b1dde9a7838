package dev.chorus.etcd.kv;

import dev.chorus.etcd.server.GrpcErrors;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.Versioned;
import dev.chorus.routing.RangeRouter;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An etcd {@code Txn} as one {@link KvCommand.VersionedTxn} for the one group all its keys belong to. A txn whose
 * keys lie in several groups is refused (UNIMPLEMENTED) in this version: it needs a cross-group commit of the
 * versioned keyspace (README, compatibility table).
 */
record TxnPlan(String groupId, KvCommand.VersionedTxn command) {

    static TxnPlan of(TxnRequest request, RangeRouter router, long revisionFloor, int maxLimit) {
        Set<String> groups = new TreeSet<>();
        List<Versioned.Compare> compares = new ArrayList<>();
        for (Compare c : request.getCompareList()) {
            compares.add(compare(c));
            groups.add(router.routeFor(c.getKey().toByteArray()).groupId());
        }
        List<Versioned.Op> success = ops(request.getSuccessList(), router, groups, maxLimit);
        List<Versioned.Op> failure = ops(request.getFailureList(), router, groups, maxLimit);
        if (groups.size() > 1) {
            throw GrpcErrors.unimplemented("this txn touches keys of " + groups.size() + " groups " + groups
                    + "; txns are supported within one group's key range only (cross-group txns are not done yet)");
        }
        String group = groups.isEmpty() ? router.routeFor(new byte[0]).groupId() : groups.iterator().next();
        return new TxnPlan(group, new KvCommand.VersionedTxn(revisionFloor, compares, success, failure));
    }

    private static Versioned.Compare compare(Compare c) {
        if (!c.getRangeEnd().isEmpty()) {
            throw GrpcErrors.unimplemented("compares over a key range (range_end) are not supported");
        }
        if (c.getKey().isEmpty()) {
            throw GrpcErrors.invalid("key is not provided");
        }
        Versioned.Relation relation = switch (c.getResult()) {
            case EQUAL -> Versioned.Relation.EQUAL;
            case GREATER -> Versioned.Relation.GREATER;
            case LESS -> Versioned.Relation.LESS;
            case NOT_EQUAL -> Versioned.Relation.NOT_EQUAL;
            default -> throw GrpcErrors.invalid("unknown compare result " + c.getResultValue());
        };
        byte[] key = c.getKey().toByteArray();
        return switch (c.getTarget()) {
            case VERSION -> new Versioned.Compare(key, Versioned.Target.VERSION, relation, c.getVersion(), null);
            case CREATE -> new Versioned.Compare(key, Versioned.Target.CREATE, relation, c.getCreateRevision(), null);
            case MOD -> new Versioned.Compare(key, Versioned.Target.MOD, relation, c.getModRevision(), null);
            case VALUE -> new Versioned.Compare(key, Versioned.Target.VALUE, relation, 0, c.getValue().toByteArray());
            default -> throw GrpcErrors.invalid("unknown compare target " + c.getTargetValue());
        };
    }

    private static List<Versioned.Op> ops(List<RequestOp> ops, RangeRouter router, Set<String> groups, int maxLimit) {
        List<Versioned.Op> out = new ArrayList<>();
        for (RequestOp op : ops) {
            switch (op.getRequestCase()) {
                case REQUEST_PUT -> {
                    var p = op.getRequestPut();
                    KvService.checkPut(p);
                    byte[] key = p.getKey().toByteArray();
                    groups.add(router.routeFor(key).groupId());
                    out.add(new Versioned.Put(key, p.getValue().toByteArray(), p.getPrevKv()));
                }
                case REQUEST_DELETE_RANGE -> {
                    var d = op.getRequestDeleteRange();
                    KeySpan.Part part = onePart(KeySpan.of(d.getKey(), d.getRangeEnd()), router, groups);
                    out.add(new Versioned.DeleteRange(part.key(), part.end(), d.getPrevKv()));
                }
                case REQUEST_RANGE -> {
                    RangeRequest r = op.getRequestRange();
                    KvService.checkRange(r, maxLimit);
                    if (r.getMinModRevision() != 0 || r.getMaxModRevision() != 0 || r.getMinCreateRevision() != 0
                            || r.getMaxCreateRevision() != 0) {
                        throw GrpcErrors.unimplemented("revision filters in a txn's range are not supported");
                    }
                    KeySpan.Part part = onePart(KeySpan.of(r.getKey(), r.getRangeEnd()), router, groups);
                    out.add(new Versioned.Range(part.key(), part.end(), (int) r.getLimit(), r.getKeysOnly(),
                            r.getCountOnly()));
                }
                case REQUEST_TXN -> throw GrpcErrors.unimplemented("nested txns are not supported");
                default -> throw GrpcErrors.invalid("empty request op");
            }
        }
        return out;
    }

    /** A span that must lie in one group (a txn runs in one); its groups are added to {@code groups}. */
    private static KeySpan.Part onePart(KeySpan span, RangeRouter router, Set<String> groups) {
        List<KeySpan.Part> parts = span.parts(router);
        parts.forEach(p -> groups.add(p.groupId()));
        if (parts.size() != 1) {
            throw GrpcErrors.unimplemented("a range in a txn spans groups " + parts.stream().map(KeySpan.Part::groupId)
                    .toList() + "; txns are supported within one group's key range only");
        }
        return parts.get(0);
    }
}
