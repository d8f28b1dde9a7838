package dev.chorus.etcd.bench;

import com.google.protobuf.ByteString;
import dev.chorus.cli.LoadTarget;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Any store that speaks etcd's v3 API (etcd itself, or Chorus's etcd API) as a {@link LoadTarget}, through the raw
 * gRPC stubs: the same requests against both, so their figures compare. Each request goes to a random endpoint
 * (etcd's followers forward writes to their leader, as Chorus nodes route to a group's leader). A transfer is the
 * optimistic transaction etcd users write (jetcd's and Go's STM): read both balances, then one Txn that writes both
 * only if neither key's mod_revision changed.
 */
final class EtcdLoadTarget implements LoadTarget, AutoCloseable {
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<KVGrpc.KVStub> stubs = new ArrayList<>();

    EtcdLoadTarget(List<String> endpoints) {
        for (String endpoint : endpoints) {
            ManagedChannel channel = NettyChannelBuilder.forTarget(endpoint).usePlaintext().build();
            channels.add(channel);
            stubs.add(KVGrpc.newStub(channel));
        }
    }

    private KVGrpc.KVStub stub() {
        return stubs.get(ThreadLocalRandom.current().nextInt(stubs.size()));
    }

    @Override
    public CompletableFuture<Outcome> put(byte[] key, byte[] value) {
        Reply<io.etcd.jetcd.api.PutResponse> reply = new Reply<>();
        stub().put(PutRequest.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)).build(), reply);
        return reply.future.thenApply(r -> Outcome.OK);
    }

    @Override
    public CompletableFuture<Outcome> get(byte[] key) {
        return range(key).thenApply(r -> Outcome.OK);
    }

    private CompletableFuture<RangeResponse> range(byte[] key) {
        Reply<RangeResponse> reply = new Reply<>();
        stub().range(RangeRequest.newBuilder().setKey(ByteString.copyFrom(key)).build(), reply);
        return reply.future;
    }

    @Override
    public CompletableFuture<Outcome> transfer(byte[] from, byte[] to) {
        CompletableFuture<RangeResponse> a = range(from);
        CompletableFuture<RangeResponse> b = range(to);
        return a.thenCombine(b, (ra, rb) -> new RangeResponse[]{ra, rb}).thenCompose(r -> {
            if (r[0].getKvsCount() == 0 || r[1].getKvsCount() == 0) {
                return CompletableFuture.completedFuture(Outcome.ERROR); // accounts missing: not preloaded
            }
            long balanceFrom = balance(r[0]);
            long balanceTo = balance(r[1]);
            TxnRequest txn = TxnRequest.newBuilder()
                    .addCompare(unchanged(from, r[0].getKvs(0).getModRevision()))
                    .addCompare(unchanged(to, r[1].getKvs(0).getModRevision()))
                    .addSuccess(put(from, balanceFrom - 1))
                    .addSuccess(put(to, balanceTo + 1))
                    .build();
            Reply<io.etcd.jetcd.api.TxnResponse> reply = new Reply<>();
            stub().txn(txn, reply);
            return reply.future.thenApply(t -> t.getSucceeded() ? Outcome.OK : Outcome.CONFLICT);
        });
    }

    private static long balance(RangeResponse r) {
        return Long.parseLong(r.getKvs(0).getValue().toString(StandardCharsets.UTF_8));
    }

    private static Compare unchanged(byte[] key, long modRevision) {
        return Compare.newBuilder().setKey(ByteString.copyFrom(key)).setTarget(Compare.CompareTarget.MOD)
                .setResult(Compare.CompareResult.EQUAL).setModRevision(modRevision).build();
    }

    private static RequestOp put(byte[] key, long balance) {
        return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(ByteString.copyFrom(key))
                .setValue(ByteString.copyFromUtf8(Long.toString(balance)))).build();
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdown();
        }
        for (ManagedChannel c : channels) {
            c.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A unary call's answer as a future. */
    private static final class Reply<T> implements StreamObserver<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();

        @Override
        public void onNext(T value) {
            future.complete(value);
        }

        @Override
        public void onError(Throwable t) {
            future.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            future.completeExceptionally(new IllegalStateException("no answer")); // ignored once completed
        }
    }
}
