package dev.chorus.raft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.error.RaftError;
import dev.chorus.protocol.ErrorCode;
import dev.chorus.protocol.KvResponse;

import java.util.function.Consumer;

/**
 * Completion of one proposed write. The state machine sets the response before running it; when jraft runs it
 * with an error status instead, the entry may or may not commit later (a deposed leader's entries can), so the
 * failure is reported as retryable: the client's retry carries the same request id and cannot apply twice.
 */
final class KvClosure implements Closure {
    private final Consumer<KvResponse> callback;
    private volatile KvResponse response;

    KvClosure(Consumer<KvResponse> callback) {
        this.callback = callback;
    }

    void setResponse(KvResponse response) {
        this.response = response;
    }

    @Override
    public void run(Status status) {
        if (status.isOk() && response != null) {
            callback.accept(response);
            return;
        }
        callback.accept(failureFor(status));
    }

    static KvResponse.Failure failureFor(Status status) {
        RaftError error = status.getRaftError();
        ErrorCode code = switch (error == null ? RaftError.UNKNOWN : error) {
            case EPERM -> ErrorCode.NOT_LEADER;
            case EBUSY -> ErrorCode.BUSY;
            case ETIMEDOUT -> ErrorCode.TIMEOUT;
            default -> ErrorCode.UNAVAILABLE;
        };
        return new KvResponse.Failure(code, "raft: " + status.getErrorMsg(), null);
    }
}
