package dev.chorus.e2e;

import dev.chorus.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.chorus.e2e.Scripts.chorus;
import static dev.chorus.e2e.Scripts.leaderOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions through the CLI against real node processes: {@code chorus txn}, the bank workload, and coordinator
 * and participant failpoints that really halt a node process (Runtime.halt), then recovery without client help.
 */
class TransactionsScriptsIT {

    private static long awaitNoLocks(String dir) {
        long start = System.nanoTime();
        Await.until("no locks left in the cluster", Duration.ofSeconds(30), () -> {
            try {
                return chorus(dir, "txns").out().contains("0 in flight, 0 locks held");
            } catch (Exception e) {
                return false;
            }
        });
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The node whose process halted at a failpoint, and what the transaction's client was told. */
    private record Crash(String halted, Scripts.Result txn) {
    }

    /**
     * Arms {@code failpoint} on {@code node} (null: every node), runs a transaction writing {@code puts}, and waits
     * for exactly one node process to halt; the failpoint is disarmed on the others again.
     */
    private static Crash crashAt(String dir, String failpoint, String node, String... puts) throws Exception {
        List<String> set = new ArrayList<>(List.of("failpoint", "set", failpoint));
        if (node != null) {
            set.addAll(List.of("--node", node));
        }
        assertEquals(0, chorus(dir, set.toArray(String[]::new)).code());
        List<String> txn = new ArrayList<>(List.of("txn"));
        for (String put : puts) {
            txn.add("--put");
            txn.add(put);
        }
        Scripts.Result result = chorus(dir, txn.toArray(String[]::new));
        List<String> halted = Await.value("a halted node", Duration.ofSeconds(10), () -> {
            try {
                List<String> stopped = chorus(dir, "node", "list").out().lines().filter(l -> l.contains(" stopped"))
                        .map(l -> l.substring(0, l.indexOf(' '))).toList();
                return stopped.isEmpty() ? null : stopped;
            } catch (Exception e) {
                return null;
            }
        });
        assertEquals(1, halted.size(), "exactly one node halted: " + halted + "; the client was told: " + result);
        chorus(dir, "failpoint", "clear", failpoint); // the node that halted is down and not told; it restarts clean
        return new Crash(halted.get(0), result);
    }

    @Test
    void transactionsBankAndCoordinatorCrashes(@TempDir Path tmp) throws Exception {
        String d = tmp.resolve("cluster").toString();
        try {
            assertEquals(0, Scripts.run(180, "scripts/start-cluster.sh", "--dir", d, "--base-port",
                    String.valueOf(Scripts.freeBasePort())).code());
            // Keys "apple" (g1) and "zebra" (g3) lie in different groups of the 3-group local cluster.
            assertEquals(new Scripts.Result(0, "COMMITTED\n"), chorus(d, "txn", "--put", "apple=1", "--put", "zebra=1"));
            assertEquals(new Scripts.Result(0, "apple=1\nzebra=1\nCOMMITTED\n"),
                    chorus(d, "txn", "--read", "apple", "--read", "zebra", "--put", "apple=2"));
            assertEquals(2, chorus(d, "txn").code(), "an empty transaction is a usage error");
            assertEquals(2, chorus(d, "txn", "--put", "novalue").code());

            assertEquals(0, chorus(d, "bank", "init", "--accounts", "20", "--balance", "100").code());
            Scripts.Result bank = chorus(d, "bank", "run", "--clients", "4", "--duration", "3s");
            assertEquals(0, bank.code(), bank.out());
            assertTrue(bank.out().contains("committed="), bank.out());
            assertEquals(new Scripts.Result(0, "total=2000 accounts=20\n"), chorus(d, "bank", "check"));

            // Crash the coordinator before the decision: aborted. The failpoint is armed on every node because a
            // fresh CLI process hands its commit to whichever node it believes leads g1; exactly one node halts.
            Crash crash = crashAt(d, "after-all-prepared", null, "apple=3", "zebra=3");
            assertEquals(1, crash.txn().code(), crash.txn().out());
            assertTrue(crash.txn().out().startsWith("ABORTED"), crash.txn().out());
            long gone = awaitNoLocks(d);
            System.out.println("after-all-prepared crash of " + crash.halted() + ": locks gone " + gone + " ms after the client's answer");
            assertEquals(new Scripts.Result(0, "2\n"), chorus(d, "get", "apple"));
            assertEquals(new Scripts.Result(0, "1\n"), chorus(d, "get", "zebra"));
            assertEquals(0, chorus(d, "node", "restart", crash.halted()).code());

            // Crash after the decision: committed, and the other participant completes without the coordinator.
            crash = crashAt(d, "after-decision", null, "apple=4", "zebra=4");
            assertEquals(new Scripts.Result(0, "COMMITTED\n"), crash.txn());
            awaitNoLocks(d);
            assertEquals(new Scripts.Result(0, "4\n"), chorus(d, "get", "apple"));
            assertEquals(new Scripts.Result(0, "4\n"), chorus(d, "get", "zebra"));
            assertEquals(0, chorus(d, "node", "restart", crash.halted()).code());

            // The leader of a participant group halts right after applying a prepare (its answer may or may not have
            // left the process): the client is told one outcome, and both keys show it once the locks are gone.
            crash = crashAt(d, "participant-after-prepare", leaderOf(d, "g3"), "apple=5", "zebra=5");
            assertTrue(crash.txn().out().equals("COMMITTED\n") || crash.txn().out().startsWith("ABORTED"), crash.txn().out());
            String expected = crash.txn().code() == 0 ? "5\n" : "4\n";
            gone = awaitNoLocks(d);
            System.out.println("participant-after-prepare crash of " + crash.halted() + ": client told "
                    + crash.txn().out().strip() + ", locks gone " + gone + " ms after the client's answer");
            assertEquals(new Scripts.Result(0, expected), chorus(d, "get", "apple"));
            assertEquals(new Scripts.Result(0, expected), chorus(d, "get", "zebra"));
            assertEquals(0, chorus(d, "node", "restart", crash.halted()).code());
            assertEquals(new Scripts.Result(0, "total=2000 accounts=20\n"), chorus(d, "bank", "check"));

            // Sagas: success, failure with compensation, and a crashed runner finished by `saga recover`.
            Scripts.Result ok = chorus(d, "saga", "demo-order");
            assertEquals(0, ok.code(), ok.out());
            assertTrue(ok.out().contains("create-shipment done") && ok.out().contains("COMPLETED"), ok.out());
            Scripts.Result failed = chorus(d, "saga", "demo-order", "--fail-at", "create-shipment");
            assertEquals(1, failed.code(), failed.out());
            assertTrue(failed.out().indexOf("compensate debit-account done") < failed.out().indexOf("compensate reserve-stock done")
                    && failed.out().contains("COMPENSATED"), failed.out());
            Scripts.Result halted = chorus(d, "saga", "demo-order", "--crash-at", "debit-account");
            assertEquals(137, halted.code(), halted.out());
            Scripts.Result recovered = chorus(d, "saga", "recover");
            assertEquals(0, recovered.code(), recovered.out());
            assertTrue(recovered.out().contains("recovered 1 saga(s)"), recovered.out());
            assertTrue(chorus(d, "sagas").out().lines().skip(1).noneMatch(l -> l.contains("RUNNING") || l.contains("COMPENSATING")));
            assertEquals(2, chorus(d, "saga", "demo-order", "--fail-at", "no-such-step").code());
        } finally {
            Scripts.run(60, "scripts/stop-cluster.sh", "--dir", d);
        }
    }
}
