package dev.chorus.txn;

import dev.chorus.cli.ChorusCli;
import dev.chorus.cli.ExitCodes;
import dev.chorus.client.ChorusClient;
import dev.chorus.faults.Failpoints;
import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;
import dev.chorus.txn.coordinator.CoordinatorFailpoints;
import dev.chorus.txn.coordinator.TxnCoordinator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes at each step of two-phase commit. The coordinator is n1 (it leads g1, the primary group of the
 * transactions here); a crash stops that node abruptly. Every case must end atomic on every replica, with all
 * locks gone within the TTL plus a few seconds and no help from the client beyond asking for the outcome.
 */
class CrashRecoveryTest {
    /** TTL plus two resolver sweeps plus an election, with margin for a loaded machine. */
    private static final Duration LOCKS_GONE_WITHIN = Duration.ofMillis(TxnCoordinator.DEFAULT_TTL_MS + 12_000);

    private TestCluster cluster;
    private ChorusClient kv;
    private TxnClient txns;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(3, "i", "r");
        kv = cluster.client();
        txns = new TxnClient(cluster.config(), kv);
    }

    @AfterEach
    void stop() throws Exception {
        txns.close();
        cluster.close();
    }

    /** Runs a transfer of "1" into a key of g1 and one of g2 and returns whether the client was told COMMITTED. */
    private boolean transfer(String suffix) {
        Transaction t = txns.begin();
        t.put(utf8("a-" + suffix), utf8("1"));
        t.put(utf8("k-" + suffix), utf8("1"));
        try {
            t.commit();
            return true;
        } catch (TxnException e) {
            assertEquals(TxnException.Kind.ABORTED, e.kind(), e.getMessage());
            return false;
        }
    }

    private void assertAtomic(String suffix, boolean committed) {
        TxnTestSupport.awaitNoLocks(cluster, LOCKS_GONE_WITHIN);
        Map<String, String> g1 = TxnTestSupport.converged(cluster, "g1");
        Map<String, String> g2 = TxnTestSupport.converged(cluster, "g2");
        String expected = committed ? "1" : null;
        assertEquals(expected, g1.get("a-" + suffix), "g1 on every replica");
        assertEquals(expected, g2.get("k-" + suffix), "g2 on every replica");
    }

    private void crashCoordinatorAt(String failpoint, boolean expectCommitted) {
        transfer("warmup"); // connections are set up; n1 coordinates, as the leader (and preferred leader) of g1
        cluster.node("n1").failpoints().arm(failpoint);
        long start = System.nanoTime();
        boolean committed = transfer(failpoint);
        Await.until("n1 crashed", Duration.ofSeconds(10), () -> cluster.crashed("n1"));
        assertEquals(expectCommitted, committed, "outcome reported to the client");
        assertAtomic(failpoint, committed);
        System.out.printf("crash at %s: outcome %s, locks gone %d ms after commit began%n", failpoint,
                committed ? "COMMITTED" : "ABORTED", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void coordinatorCrashAfterFirstPrepareAborts() {
        crashCoordinatorAt(CoordinatorFailpoints.AFTER_FIRST_PREPARE, false);
    }

    @Test
    void coordinatorCrashBeforeTheDecisionAborts() {
        crashCoordinatorAt(CoordinatorFailpoints.AFTER_ALL_PREPARED, false);
    }

    @Test
    void coordinatorCrashAfterTheDecisionCommits() {
        crashCoordinatorAt(CoordinatorFailpoints.AFTER_DECISION, true);
    }

    @Test
    void participantLeaderCrashAfterPrepareStillFinishesCleanly() {
        transfer("warmup");
        cluster.node("n2").failpoints().arm(Failpoints.PARTICIPANT_AFTER_PREPARE);
        boolean committed = transfer("participant");
        Await.until("n2 crashed", Duration.ofSeconds(10), () -> cluster.crashed("n2"));
        assertAtomic("participant", committed);
        // The restarted participant catches up to the same outcome.
        try {
            cluster.startNode("n2");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertAtomic("participant", committed);
        assertTrue(transfer("after"), "the cluster keeps committing transactions");
    }

    /**
     * Sets up a commit whose outcome nobody can learn: n2 is stopped first (every group keeps a majority, n1 and n3),
     * then the coordinator n1, leader of the primary group g1, crashes right after writing the decision COMMITTED.
     * g1 is left with n3 alone: no leader, so neither the coordinator nor the record can tell the client anything.
     */
    private void losePrimaryRightAfterTheDecision() {
        transfer("warmup");
        cluster.stopNode("n2");
        cluster.awaitLeader("g2");
        assertEquals("n1", cluster.awaitLeader("g1"), "n1 leads the primary group and coordinates");
        cluster.node("n1").failpoints().arm(CoordinatorFailpoints.AFTER_DECISION);
    }

    /** Brings n1 and n2 back; the resolvers then finish the transaction the way its record says. */
    private void restartLostNodes() throws Exception {
        Await.until("n1 crashed", Duration.ofSeconds(10), () -> cluster.crashed("n1"));
        cluster.startNode("n1");
        cluster.startNode("n2");
        cluster.awaitLeaders();
    }

    @Test
    void anOutcomeThatCannotBeLearnedIsUnknownNotAbortedAndIsNotRetried() throws Exception {
        losePrimaryRightAfterTheDecision();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Transaction> seen = new AtomicReference<>();
        try (TxnClient impatient = new TxnClient(cluster.config(), kv,
                new TxnClient.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)))) {
            TxnException e = assertThrows(TxnException.class, () -> impatient.run(t -> {
                attempts.incrementAndGet();
                seen.set(t);
                t.put(utf8("a-unknown"), utf8("1"));
                t.put(utf8("k-unknown"), utf8("1"));
                return null;
            }));
            assertEquals(TxnException.Kind.UNKNOWN, e.kind(), e.getMessage());
            assertEquals(Transaction.State.UNKNOWN, seen.get().state(), "state of a transaction whose outcome is unknown");
            assertEquals(1, attempts.get(), "a body whose outcome is unknown must not run again");
        }
        restartLostNodes();
        // It had committed: calling it ABORTED would have invited the caller to apply the transfer twice.
        assertAtomic("unknown", true);
    }

    @Test
    void chorusTxnExitsWithItsOwnCodeWhenTheOutcomeIsUnknown() throws Exception {
        losePrimaryRightAfterTheDecision();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChorusCli.run(new String[]{"txn", "--cluster", cluster.clusterFile().toString(),
                "--put", "a-cli=1", "--put", "k-cli=1", "--resolve-timeout", "3s"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(ExitCodes.OUTCOME_UNKNOWN, code, out + " / " + err);
        assertTrue(out.toString().startsWith("UNKNOWN: "), out.toString());
        restartLostNodes();
        assertAtomic("cli", true);
    }
}
