package dev.chorus.etcd.kv;

import dev.chorus.client.ChorusClient;
import dev.chorus.etcd.server.GrpcErrors;
import dev.chorus.etcd.server.Headers;
import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.Versioned;
import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.CompactionResponse;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.DeleteRangeResponse;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.PutResponse;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.ResponseOp;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * etcd's KV service on the versioned keyspace. Handlers block on the cluster client; they run on the server's
 * bounded executor, never on network threads.
 */
public final class KvService extends KVGrpc.KVImplBase {
    private final ChorusClient client;
    private final Headers headers;
    private final RangeReader reader;
    private final int maxLimit;

    /**
     * @param maxLimit the largest {@code limit} a range may ask for, and the most keys one answer carries
     * @param maxBytes the most key and value bytes one range answer carries
     */
    public KvService(ChorusClient client, Headers headers, int maxLimit, long maxBytes) {
        this.client = client;
        this.headers = headers;
        this.maxLimit = maxLimit;
        this.reader = new RangeReader(client, Math.min(maxLimit, 1000), maxLimit, maxBytes);
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> out) {
        answer(out, () -> {
            checkRange(request, maxLimit);
            RangeReader.Result r = reader.read(KeySpan.of(request.getKey(), request.getRangeEnd()), request.getLimit(),
                    request.getKeysOnly(), request.getCountOnly(), request.getSerializable(), filter(request));
            return rangeResponse(r.kvs(), r.count(), r.more());
        });
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> out) {
        answer(out, () -> {
            checkPut(request);
            byte[] key = request.getKey().toByteArray();
            KvResponse.VersionedResult r = write(client.router().routeFor(key).groupId(), List.of(
                    new Versioned.Put(key, request.getValue().toByteArray(), request.getPrevKv())));
            PutResponse.Builder b = PutResponse.newBuilder();
            Versioned.Kv prev = ((Versioned.PutResult) r.results().get(0)).prev();
            if (prev != null) {
                b.setPrevKv(Protos.kv(prev));
            }
            return b.setHeader(headers.header(r.revision())).build();
        });
    }

    /**
     * A delete over several groups runs group by group in key order, each group's part atomic: not atomic as a
     * whole, unlike etcd's (README).
     */
    @Override
    public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> out) {
        answer(out, () -> {
            KeySpan span = KeySpan.of(request.getKey(), request.getRangeEnd());
            DeleteRangeResponse.Builder b = DeleteRangeResponse.newBuilder();
            long deleted = 0;
            long revision = 0;
            for (KeySpan.Part part : span.parts(client.router())) {
                KvResponse.VersionedResult r = write(part.groupId(), List.of(
                        new Versioned.DeleteRange(part.key(), part.end(), request.getPrevKv())));
                Versioned.DeleteResult d = (Versioned.DeleteResult) r.results().get(0);
                deleted += d.deleted();
                d.prev().forEach(kv -> b.addPrevKvs(Protos.kv(kv)));
                revision = Math.max(revision, r.revision());
            }
            return b.setDeleted(deleted).setHeader(headers.header(revision)).build();
        });
    }

    @Override
    public void txn(TxnRequest request, StreamObserver<TxnResponse> out) {
        answer(out, () -> {
            TxnPlan plan = TxnPlan.of(request, client.router(), headers.revision().current(), maxLimit);
            KvResponse.VersionedResult r = send(plan.groupId(), plan.command());
            List<RequestOp> ops = r.succeeded() ? request.getSuccessList() : request.getFailureList();
            TxnResponse.Builder b = TxnResponse.newBuilder().setSucceeded(r.succeeded());
            headers.revision().observe(r.revision());
            for (int i = 0; i < ops.size(); i++) {
                b.addResponses(response(r.results().get(i)));
            }
            return b.setHeader(headers.header()).build();
        });
    }

    /** Chorus keeps the latest version of each key only: there is no history to compact, so this only checks. */
    @Override
    public void compact(CompactionRequest request, StreamObserver<CompactionResponse> out) {
        answer(out, () -> {
            if (request.getRevision() > headers.revision().current()) {
                throw Status.OUT_OF_RANGE.withDescription("etcdserver: mvcc: required revision is a future revision")
                        .asRuntimeException();
            }
            return CompactionResponse.newBuilder().setHeader(headers.header()).build();
        });
    }

    private ResponseOp response(Versioned.OpResult result) {
        if (result instanceof Versioned.PutResult p) {
            PutResponse.Builder b = PutResponse.newBuilder().setHeader(headers.header());
            if (p.prev() != null) {
                b.setPrevKv(Protos.kv(p.prev()));
            }
            return ResponseOp.newBuilder().setResponsePut(b).build();
        }
        if (result instanceof Versioned.DeleteResult d) {
            DeleteRangeResponse.Builder b = DeleteRangeResponse.newBuilder().setHeader(headers.header())
                    .setDeleted(d.deleted());
            d.prev().forEach(kv -> b.addPrevKvs(Protos.kv(kv)));
            return ResponseOp.newBuilder().setResponseDeleteRange(b).build();
        }
        Versioned.RangeResult g = (Versioned.RangeResult) result;
        return ResponseOp.newBuilder().setResponseRange(rangeResponse(g.kvs(), g.count(), g.more())).build();
    }

    private RangeResponse rangeResponse(List<Versioned.Kv> kvs, long count, boolean more) {
        RangeResponse.Builder b = RangeResponse.newBuilder().setCount(count).setMore(more);
        kvs.forEach(kv -> b.addKvs(Protos.kv(kv)));
        return b.setHeader(headers.header(Protos.maxModRevision(kvs))).build();
    }

    private KvResponse.VersionedResult write(String groupId, List<Versioned.Op> ops) {
        return send(groupId, new KvCommand.VersionedTxn(headers.revision().current(), List.of(), ops, List.of()));
    }

    private KvResponse.VersionedResult send(String groupId, KvCommand.VersionedTxn command) {
        KvResponse.VersionedResult r = (KvResponse.VersionedResult) ChorusClient.join(
                client.writeToGroupAsync(groupId, command));
        headers.revision().observe(r.revision());
        return r;
    }

    // ---- checks before anything is sent ----------------------------------------------------------------------

    static void checkPut(PutRequest p) {
        if (p.getKey().isEmpty()) {
            throw GrpcErrors.invalid("key is not provided");
        }
        if (p.getLease() != 0 || p.getIgnoreLease()) {
            throw GrpcErrors.unimplemented("leases are not supported yet");
        }
        if (p.getIgnoreValue()) {
            throw GrpcErrors.unimplemented("ignore_value is not supported yet");
        }
    }

    static void checkRange(RangeRequest r, int maxLimit) {
        if (r.getLimit() < 0) {
            throw GrpcErrors.invalid("limit " + r.getLimit() + " is negative");
        }
        if (r.getLimit() > maxLimit) {
            throw GrpcErrors.invalid("limit " + r.getLimit() + " exceeds " + maxLimit
                    + ", the most keys one answer carries; page with a smaller limit");
        }
        if (r.getRevision() != 0) {
            throw GrpcErrors.unimplemented("reads at a past revision are not supported: Chorus keeps only the latest"
                    + " version of each key");
        }
        boolean keyOrder = r.getSortOrder() == RangeRequest.SortOrder.NONE
                || (r.getSortOrder() == RangeRequest.SortOrder.ASCEND && r.getSortTarget() == RangeRequest.SortTarget.KEY);
        if (!keyOrder) {
            throw GrpcErrors.unimplemented("only key order is supported (sort_order NONE, or ASCEND by KEY)");
        }
    }

    private static Predicate<Versioned.Kv> filter(RangeRequest r) {
        return kv -> (r.getMinModRevision() == 0 || kv.modRevision() >= r.getMinModRevision())
                && (r.getMaxModRevision() == 0 || kv.modRevision() <= r.getMaxModRevision())
                && (r.getMinCreateRevision() == 0 || kv.createRevision() >= r.getMinCreateRevision())
                && (r.getMaxCreateRevision() == 0 || kv.createRevision() <= r.getMaxCreateRevision());
    }

    /** Runs {@code handler} and answers its result, or its failure as a gRPC status. */
    private static <T> void answer(StreamObserver<T> out, Supplier<T> handler) {
        T result;
        try {
            result = handler.get();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.of(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
