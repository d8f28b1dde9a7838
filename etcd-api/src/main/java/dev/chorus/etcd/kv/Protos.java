package dev.chorus.etcd.kv;

import com.google.protobuf.ByteString;
import dev.chorus.protocol.Versioned;
import io.etcd.jetcd.api.KeyValue;

/** Conversions between etcd's messages and the versioned keyspace's. */
final class Protos {
    private Protos() {
    }

    static KeyValue kv(Versioned.Kv kv) {
        return KeyValue.newBuilder().setKey(ByteString.copyFrom(kv.key())).setCreateRevision(kv.createRevision())
                .setModRevision(kv.modRevision()).setVersion(kv.version()).setLease(kv.lease())
                .setValue(ByteString.copyFrom(kv.value())).build();
    }

    static long maxModRevision(Iterable<Versioned.Kv> kvs) {
        long max = 0;
        for (Versioned.Kv kv : kvs) {
            max = Math.max(max, kv.modRevision());
        }
        return max;
    }
}
