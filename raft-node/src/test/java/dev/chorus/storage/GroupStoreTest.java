package dev.chorus.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The state store on its own: replacing it by a snapshot, and opening it after a crash interrupted that. */
class GroupStoreTest {

    private static GroupStore storeWith(Path dir, String key, String value, long appliedIndex) {
        GroupStore store = GroupStore.open(dir, StorageResources.defaults());
        try (ApplyBatch b = store.beginApply()) {
            b.put(utf8(key), utf8(value));
            b.commit(appliedIndex);
        }
        return store;
    }

    @Test
    void replacingByACheckpointSwitchesDataAndAppliedIndexAndLeavesNothingBehind(@TempDir Path tmp) {
        Path checkpoint = tmp.resolve("checkpoint");
        try (GroupStore source = storeWith(tmp.resolve("source"), "k", "from-snapshot", 42)) {
            source.checkpoint(checkpoint);
        }
        Path live = tmp.resolve("state");
        try (GroupStore store = storeWith(live, "k", "live", 7)) {
            store.replaceWith(checkpoint);
            assertEquals(42, store.appliedIndex());
            assertArrayEquals(utf8("from-snapshot"), store.get(utf8("k")));
        }
        assertFalse(Files.exists(tmp.resolve("state.old")));
        assertFalse(Files.exists(tmp.resolve("state.incoming")));
        try (GroupStore reopened = GroupStore.open(live, StorageResources.defaults())) {
            assertEquals(42, reopened.appliedIndex(), "durable across reopen");
        }
    }

    @Test
    void openingAfterACrashBetweenTheRenamesRestoresTheOldStore(@TempDir Path tmp) throws Exception {
        Path live = tmp.resolve("state");
        storeWith(live, "k", "live", 7).close();
        Files.move(live, tmp.resolve("state.old"));
        Files.createDirectories(tmp.resolve("state.incoming"));
        Files.writeString(tmp.resolve("state.incoming/000001.sst"), "half a copy");
        try (GroupStore store = GroupStore.open(live, StorageResources.defaults())) {
            assertEquals(7, store.appliedIndex());
            assertArrayEquals(utf8("live"), store.get(utf8("k")));
        }
        assertFalse(Files.exists(tmp.resolve("state.old")));
        assertFalse(Files.exists(tmp.resolve("state.incoming")));
    }

    @Test
    void openingAfterACrashBeforeOrAfterTheSwitchDropsItsLeftovers(@TempDir Path tmp) throws Exception {
        Path live = tmp.resolve("state");
        storeWith(live, "k", "live", 7).close();
        Files.createDirectories(tmp.resolve("state.incoming"));
        Files.createDirectories(tmp.resolve("state.old"));
        try (GroupStore store = GroupStore.open(live, StorageResources.defaults())) {
            assertEquals(7, store.appliedIndex());
        }
        assertFalse(Files.exists(tmp.resolve("state.old")));
        assertFalse(Files.exists(tmp.resolve("state.incoming")));
    }

    @Test
    void theAppliedIndexMovesOverEntriesWithoutDataAndNeverBack(@TempDir Path tmp) {
        try (GroupStore store = storeWith(tmp.resolve("state"), "k", "v", 10)) {
            store.advanceAppliedIndex(12);
            assertEquals(12, store.appliedIndex());
            store.advanceAppliedIndex(11);
            assertEquals(12, store.appliedIndex());
        }
        try (GroupStore reopened = GroupStore.open(tmp.resolve("state"), StorageResources.defaults())) {
            assertEquals(12, reopened.appliedIndex());
        }
    }
}
