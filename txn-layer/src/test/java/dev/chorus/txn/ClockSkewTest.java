package dev.chorus.txn;

import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.bank.Bank;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;
import dev.chorus.txn.coordinator.CoordinatorFailpoints;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.chorus.routing.Keys.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions with the nodes' clocks two minutes apart (n1 ahead, n2 behind, n3 right) and a coordinator crash in
 * the middle: every snapshot total is exact, no lock is left, and every transfer ends as its client was told
 * (each one also writes its own marker key: present exactly for those reported COMMITTED, absent for ABORTED).
 */
class ClockSkewTest {
    private static final long SKEW_MS = 120_000;

    private enum Outcome { COMMITTED, ABORTED, UNKNOWN }

    @Test
    void skewedClocksAndACoordinatorCrashBreakNoTransaction() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, "i", "r");
             TxnClient txns = new TxnClient(cluster.config(), cluster.client())) {
            cluster.skewClock("n1", SKEW_MS);
            cluster.skewClock("n2", -SKEW_MS);
            int accounts = 12;
            Bank bank = new Bank(cluster.config(), txns);
            bank.init(accounts, 100);

            Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        int id = next.incrementAndGet();
                        outcomes.put(id, transfer(txns, bank, accounts, id));
                    }
                });
                t.start();
                workers.add(t);
            }
            List<Bank.CheckResult> checks = new ArrayList<>();
            // A minute of transfers; the coordinator on n1 crashes right after a commit decision halfway through.
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean crashed = false;
            int restarts = 0;
            while (System.nanoTime() < end) {
                try {
                    checks.add(bank.check());
                } catch (RuntimeException e) {
                    // a snapshot read that kept meeting locks: retried on the next round
                }
                if (!crashed && System.nanoTime() > end - Duration.ofSeconds(30).toNanos()) {
                    cluster.node("n1").failpoints().arm(CoordinatorFailpoints.AFTER_DECISION);
                    crashed = true;
                }
                if (crashed && cluster.crashed("n1")) {
                    cluster.startNode("n1");
                    restarts++;
                }
            }
            stop.set(true);
            for (Thread t : workers) {
                t.join();
            }
            if (!cluster.runningNodes().contains("n1")) {
                Await.until("n1 crashed at its failpoint or is still running", TestCluster.WAIT,
                        () -> cluster.crashed("n1") || cluster.runningNodes().contains("n1"));
                if (cluster.crashed("n1")) {
                    cluster.startNode("n1");
                    restarts++;
                }
            }
            assertEquals(1, restarts, "the coordinator on n1 crashed after a decision and was restarted");

            TxnTestSupport.awaitNoLocks(cluster, Duration.ofSeconds(60));
            for (Bank.CheckResult r : checks) {
                assertEquals(accounts * 100L, r.total(), "a snapshot saw a broken total: " + r);
                assertTrue(r.negative().isEmpty(), r.toString());
            }
            assertTrue(bank.check().ok(), "final total");
            long committed = 0;
            for (Map.Entry<Integer, Outcome> e : outcomes.entrySet()) {
                boolean present = txns.kv().get(utf8(marker(e.getKey()))).isPresent();
                if (e.getValue() == Outcome.COMMITTED) {
                    committed++;
                    assertTrue(present, "transfer " + e.getKey() + " was reported committed");
                } else if (e.getValue() == Outcome.ABORTED) {
                    assertTrue(!present, "transfer " + e.getKey() + " was reported aborted but took effect");
                }
            }
            assertTrue(committed > 20, "transfers committed under skew: " + committed + " of " + outcomes.size());
            assertTrue(checks.size() >= 5, "snapshot checks ran: " + checks.size());
            System.out.printf("clock skew: %d transfers, %d committed, %d snapshot checks, totals exact%n",
                    outcomes.size(), committed, checks.size());
        }
    }

    private static String marker(int id) {
        return "marker/" + id;
    }

    private static Outcome transfer(TxnClient txns, Bank bank, int accounts, int id) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int from = rnd.nextInt(accounts);
        int to = (from + 1 + rnd.nextInt(accounts - 1)) % accounts;
        Transaction t = txns.begin();
        try {
            long a = Long.parseLong(new String(t.get(bank.accountKey(from)).orElseThrow()));
            long b = Long.parseLong(new String(t.get(bank.accountKey(to)).orElseThrow()));
            if (a > 0) {
                t.put(bank.accountKey(from), utf8(Long.toString(a - 1)));
                t.put(bank.accountKey(to), utf8(Long.toString(b + 1)));
            }
            t.put(utf8(marker(id)), utf8("1"));
            t.commit();
            return Outcome.COMMITTED;
        } catch (TxnException e) {
            return e.kind() == TxnException.Kind.ABORTED ? Outcome.ABORTED : Outcome.UNKNOWN;
        } catch (RuntimeException e) {
            return Outcome.UNKNOWN;
        }
    }
}
