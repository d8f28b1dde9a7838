package dev.chorus.storage;

import dev.chorus.protocol.KvResponse.KeyValue;
import dev.chorus.routing.Keys;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link ReplicatedStore} in memory: a sorted map per column family, for running the state machine's logic in
 * tests without jraft or disk. A batch works on its own copy of the state and replaces the store's on commit, so
 * commit is atomic and a batch closed without commit leaves nothing behind, as with RocksDB. Not thread-safe: one
 * thread applies and reads, as a test does.
 */
public final class MemoryStore implements ReplicatedStore {
    private State state = State.empty();

    /** Everything a store holds, in one value: what {@link #snapshot()} returns and {@link #restore} takes. */
    public record State(Map<Family, NavigableMap<byte[], byte[]>> families, long appliedIndex, GroupTime groupTime) {
        static State empty() {
            Map<Family, NavigableMap<byte[], byte[]>> families = new EnumMap<>(Family.class);
            for (Family f : Family.values()) {
                families.put(f, new TreeMap<>(Keys::compare));
            }
            return new State(families, 0, GroupTime.START);
        }

        /** A deep copy: no later write to either reaches the other. */
        State copy() {
            Map<Family, NavigableMap<byte[], byte[]>> out = new EnumMap<>(Family.class);
            families.forEach((f, m) -> {
                NavigableMap<byte[], byte[]> c = new TreeMap<>(Keys::compare);
                m.forEach((k, v) -> c.put(k.clone(), v.clone()));
                out.put(f, c);
            });
            return new State(out, appliedIndex, groupTime);
        }
    }

    /** A copy of the whole state, as a Raft snapshot would carry it. */
    public State snapshot() {
        return state.copy();
    }

    /** Replaces the whole state by {@code snapshot}, as installing a Raft snapshot does. */
    public void restore(State snapshot) {
        state = snapshot.copy();
    }

    @Override
    public long appliedIndex() {
        return state.appliedIndex();
    }

    @Override
    public GroupTime groupTime() {
        return state.groupTime();
    }

    @Override
    public byte[] get(Family family, byte[] key) {
        return read(state, family, key);
    }

    @Override
    public ScanPage scan(Family family, byte[] start, byte[] end, int limit) {
        return scan(state, family, start, end, limit);
    }

    @Override
    public ApplyBatch beginApply() {
        return new Batch(state.copy());
    }

    @Override
    public void advanceAppliedIndex(long index) {
        if (index > state.appliedIndex()) {
            state = new State(state.families(), index, state.groupTime());
        }
    }

    private static byte[] read(State s, Family family, byte[] key) {
        byte[] v = s.families().get(family).get(key);
        return v == null ? null : v.clone();
    }

    private static ScanPage scan(State s, Family family, byte[] start, byte[] end, int limit) {
        NavigableMap<byte[], byte[]> m = s.families().get(family);
        Map<byte[], byte[]> range = end.length == 0 ? m.tailMap(start, true) : m.subMap(start, true, end, false);
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
            if (out.size() == limit) {
                return new ScanPage(out, true);
            }
            out.add(new KeyValue(e.getKey().clone(), e.getValue().clone()));
        }
        return new ScanPage(out, false);
    }

    private final class Batch implements ApplyBatch {
        private State working;
        private GroupTime time;

        Batch(State working) {
            this.working = working;
            this.time = working.groupTime();
        }

        @Override
        public byte[] get(Family family, byte[] key) {
            return read(working, family, key);
        }

        @Override
        public ScanPage scan(Family family, byte[] start, byte[] end, int limit) {
            return MemoryStore.scan(working, family, start, end, limit);
        }

        @Override
        public void put(Family family, byte[] key, byte[] value) {
            working.families().get(family).put(key.clone(), value.clone());
        }

        @Override
        public void delete(Family family, byte[] key) {
            working.families().get(family).remove(key);
        }

        @Override
        public long advanceTime(long stampMs, long term) {
            time = time.advance(stampMs, term);
            return time.timeMs();
        }

        @Override
        public long time() {
            return time.timeMs();
        }

        @Override
        public void commit(long appliedIndex) {
            state = new State(working.families(), appliedIndex, time);
            working = working.copy();
        }

        @Override
        public void close() {
            working = null;
        }
    }
}
