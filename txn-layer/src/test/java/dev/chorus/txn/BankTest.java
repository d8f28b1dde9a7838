package dev.chorus.txn;

import dev.chorus.testing.TestCluster;
import dev.chorus.txn.bank.Bank;
import dev.chorus.txn.client.TxnClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jepsen-style bank: concurrent cross-group transfers while snapshot checks run; the total never changes. */
class BankTest {

    @Test
    void totalIsConservedAtEveryConcurrentSnapshotAndAtTheEnd() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, "i", "r");
             TxnClient txns = new TxnClient(cluster.config(), cluster.client())) {
            Bank bank = new Bank(cluster.config(), txns);
            bank.init(12, 100);
            Bank.Progress progress = new Bank.Progress();
            AtomicBoolean done = new AtomicBoolean();
            List<Bank.CheckResult> checks = new ArrayList<>();
            List<String> checkErrors = new ArrayList<>();
            Thread checker = new Thread(() -> {
                while (!done.get()) {
                    try {
                        Bank.CheckResult r = bank.check();
                        synchronized (checks) {
                            checks.add(r);
                        }
                    } catch (RuntimeException e) { // e.g. a snapshot read that kept losing to transfers
                        synchronized (checks) {
                            checkErrors.add(e.toString());
                        }
                    }
                }
            });
            checker.start();
            Bank.RunResult run = bank.run(6, Duration.ofSeconds(6), progress);
            done.set(true);
            checker.join();
            assertTrue(run.committed() > 20, "transfers committed: " + run);
            assertTrue(checks.size() >= 5, "snapshot checks ran: " + checks.size() + ", failed: " + checkErrors);
            for (Bank.CheckResult r : checks) {
                assertEquals(1200, r.total(), "a concurrent snapshot saw a broken total: " + r);
                assertTrue(r.negative().isEmpty(), r.toString());
            }
            Bank.CheckResult end = bank.check();
            assertTrue(end.ok(), end.toString());
            TxnTestSupport.awaitNoLocks(cluster, Duration.ofSeconds(15));
            System.out.printf("bank: %d committed, %d aborted, %d snapshot checks, all totals 1200%n",
                    run.committed(), run.aborted(), checks.size());
        }
    }
}
