/**
 * The versioned keyspace: keys with etcd's per-key metadata (create revision, mod revision, version, lease), kept
 * per group in their own column family and changed by {@code KvCommand.VersionedTxn} (applied by
 * {@code dev.chorus.command.VersionedTxnCommand}). What the etcd API module serves.
 */
package dev.chorus.versioned;
