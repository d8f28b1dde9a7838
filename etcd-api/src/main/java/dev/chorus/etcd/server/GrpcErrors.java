package dev.chorus.etcd.server;

import dev.chorus.client.ChorusException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.CompletionException;

/** How failures reach an etcd client: a gRPC status with a message, the way etcd reports them. */
public final class GrpcErrors {
    private GrpcErrors() {
    }

    public static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription("etcdserver: " + message).asRuntimeException();
    }

    public static StatusRuntimeException unimplemented(String message) {
        return Status.UNIMPLEMENTED.withDescription("chorus: " + message).asRuntimeException();
    }

    public static StatusRuntimeException tooMuch(String message) {
        return Status.RESOURCE_EXHAUSTED.withDescription("chorus: " + message).asRuntimeException();
    }

    /** Any failure of a handler as the status its client gets. */
    public static StatusRuntimeException of(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof StatusRuntimeException s) {
            return s;
        }
        if (c instanceof ChorusException e) {
            Status status = switch (e.code()) {
                case BAD_REQUEST, TOO_LARGE, KEY_OUT_OF_RANGE -> Status.INVALID_ARGUMENT;
                // etcd answers Unavailable while it has no leader or times out; clients retry or report it.
                case NOT_LEADER, UNAVAILABLE, BUSY, LOCKED, TIMEOUT -> Status.UNAVAILABLE;
                case UNKNOWN_GROUP, INTERNAL -> Status.INTERNAL;
            };
            return status.withDescription("chorus: " + e.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription("chorus: " + c).withCause(c).asRuntimeException();
    }
}
