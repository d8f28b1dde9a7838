/**
 * Who may talk to a node's Raft/client port, and how they prove it.
 *
 * <p>Trust model: a cluster has its own certificate authority ({@link dev.chorus.security.ClusterCa}); every node
 * holds a key and a certificate for {@code CN=node:<id>}, clients one for {@code CN=client}, each signed by that
 * CA only. Every connection to the Raft port is mutual TLS: a peer without a certificate of this cluster's CA never
 * gets a request decoded. On top of that, Raft messages are accepted only from node certificates, and only when the
 * message's self-declared sender ({@code server_id}) is the configured address of the node the certificate names
 * ({@link dev.chorus.security.RaftPeerCheck}): a client certificate can read and write keys, never vote or append.
 *
 * <p>Invariants: key stores and their password file are owner-only (a node refuses to start otherwise); a node with
 * no TLS configured serves only on a loopback address, unless the cluster file says {@code "insecure": true}.
 */
package dev.chorus.security;
