package dev.chorus.storage;

/**
 * Where a replica's storage lets failure injection in: a write of the state store that fails, and a crash between
 * the two renames that switch the store to an installed snapshot. Both are no-ops unless a failpoint is armed.
 *
 * @param beforeWrite    runs before each batch is written; throws {@link StorageException} to fail the write
 * @param midSwitch      runs while a snapshot install has moved the live store aside but not yet moved the new one
 *                       into place
 * @param afterCheckpoint runs once a snapshot's checkpoint is written, before jraft is told the snapshot is saved
 */
public record StoreFailpoints(Runnable beforeWrite, Runnable midSwitch, Runnable afterCheckpoint) {
    public static final StoreFailpoints NONE = new StoreFailpoints(() -> { }, () -> { }, () -> { });
}
