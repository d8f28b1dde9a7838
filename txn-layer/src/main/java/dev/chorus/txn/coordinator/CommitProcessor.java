package dev.chorus.txn.coordinator;

import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import dev.chorus.faults.Failpoints;
import dev.chorus.participant.TxnLimits;
import dev.chorus.protocol.KvResponse;
import dev.chorus.protocol.MalformedMessageException;
import dev.chorus.protocol.TxnCommitRequest;
import dev.chorus.protocol.TxnVerdict;
import dev.chorus.protocol.WireCodec;

import java.util.concurrent.Executor;

/** Accepts transactions from clients on the node's raft port and answers with their outcome. Never blocks. */
public final class CommitProcessor implements RpcProcessor<CommitRpc.Request> {
    /** Upper bound on a transaction's encoded size (see txn-layer README, "Limits"). */
    public static final int MAX_TXN_BYTES = 4 << 20;

    private final TxnCoordinator coordinator;

    public CommitProcessor(TxnCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public void handleRequest(RpcContext ctx, CommitRpc.Request request) {
        TxnCommitRequest txn;
        try {
            if (request == null || request.body() == null) {
                throw new MalformedMessageException("no body");
            }
            if (request.body().length > MAX_TXN_BYTES) {
                throw new MalformedMessageException("transaction of " + request.body().length
                        + " bytes exceeds the limit of " + MAX_TXN_BYTES);
            }
            txn = WireCodec.decodeCommitRequest(request.body());
        } catch (MalformedMessageException e) {
            reply(ctx, new KvResponse.TxnOutcome(TxnVerdict.REFUSED, "bad transaction: " + e.getMessage()));
            return;
        }
        // Enforced here and by every participant: the client's own checks are a courtesy, not a guard.
        String overLimits = TxnLimits.DEFAULT.violation(txn.reads(), txn.ranges(), txn.writes());
        if (overLimits != null) {
            reply(ctx, new KvResponse.TxnOutcome(TxnVerdict.REFUSED, overLimits));
            return;
        }
        coordinator.submit(txn).whenComplete((outcome, error) -> {
            if (error instanceof Failpoints.Crashed || (error != null && error.getCause() instanceof Failpoints.Crashed)) {
                return; // the node "crashed": a dead coordinator sends nothing
            }
            reply(ctx, error == null ? outcome : new KvResponse.TxnOutcome(error.getCause() instanceof IllegalArgumentException
                    ? TxnVerdict.REFUSED : TxnVerdict.OUTCOME_UNKNOWN, String.valueOf(error.getCause() != null
                    ? error.getCause().getMessage() : error.getMessage())));
        });
    }

    private static void reply(RpcContext ctx, KvResponse.TxnOutcome outcome) {
        ctx.sendResponse(new dev.chorus.protocol.RpcEnvelope.Response(WireCodec.encode(outcome)));
    }

    @Override
    public String interest() {
        return CommitRpc.Request.class.getName();
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }
}
