package dev.chorus.storage;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static dev.chorus.routing.Keys.text;
import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What the state machine relies on from a {@link ReplicatedStore}, checked on both: RocksDB ({@link GroupStore}) and
 * the in-memory store the deterministic tests use ({@link MemoryStore}), so those tests mean the same thing.
 */
class ReplicatedStoreContractTest {
    @TempDir
    Path dir;

    private ReplicatedStore open(String kind) {
        return kind.equals("rocksdb") ? GroupStore.open(dir.resolve("state"), StorageResources.defaults()) : new MemoryStore();
    }

    private static void close(ReplicatedStore store) {
        if (store instanceof GroupStore g) {
            g.close();
        }
    }

    private static List<String> keys(StateView view, Family family, String start, String end, int limit) {
        return view.scan(family, utf8(start), utf8(end), limit).entries().stream().map(kv -> text(kv.key())).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "memory"})
    void aBatchSeesItsOwnWritesAndCommitsThemWithItsIndexAndTime(String kind) {
        ReplicatedStore store = open(kind);
        try {
            try (ApplyBatch b = store.beginApply()) {
                b.advanceTime(100, 1);
                b.advanceTime(150, 1);
                b.put(utf8("b"), utf8("2"));
                b.put(utf8("a"), utf8("1"));
                b.put(Family.LOCK, utf8("a"), utf8("lock"));
                b.put(utf8("c"), utf8("3"));
                b.delete(utf8("c"));
                assertEquals("1", text(b.get(utf8("a"))));
                assertEquals(List.of("a", "b"), keys(b, Family.DATA, "", "", 10));
                assertNull(store.get(utf8("a")), "nothing visible before commit");
                b.commit(7);
            }
            assertEquals(7, store.appliedIndex());
            assertEquals(50, store.groupTime().timeMs());
            assertEquals(List.of("a", "b"), keys(store, Family.DATA, "", "", 10));
            assertEquals(List.of("a"), keys(store, Family.DATA, "a", "b", 10), "end is exclusive");
            assertEquals(List.of("a"), keys(store, Family.LOCK, "", "", 10), "families are apart");
            assertEquals(true, store.scan(Family.DATA, new byte[0], new byte[0], 1).truncated());
        } finally {
            close(store);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "memory"})
    void aBatchClosedWithoutCommitLeavesNothing(String kind) {
        ReplicatedStore store = open(kind);
        try {
            try (ApplyBatch b = store.beginApply()) {
                b.advanceTime(100, 1);
                b.put(utf8("a"), utf8("1"));
            }
            assertNull(store.get(utf8("a")));
            assertEquals(0, store.appliedIndex());
            store.advanceAppliedIndex(3);
            store.advanceAppliedIndex(2);
            assertEquals(3, store.appliedIndex(), "never backwards");
        } finally {
            close(store);
        }
    }
}
