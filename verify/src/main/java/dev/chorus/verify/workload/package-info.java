/**
 * Workloads that run against a live cluster through the Java clients and record histories. Invariant: an op whose
 * outcome the client could not learn (timeout, lost connection, any error after sending) is recorded as info; only a
 * definite refusal is recorded as fail.
 */
package dev.chorus.verify.workload;
