package dev.chorus.txn.tcc;

import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCC fence against its three hazards, a confirm/cancel race, and the coordinator's durable decision record with
 * recovery after a crash, on a real cluster.
 */
class TccTest {
    private static TestCluster cluster;
    private static TxnClient txns;
    private static TccFence fence;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(3, "j", "r");
        txns = new TxnClient(cluster.config(), cluster.client());
        fence = new TccFence(txns);
    }

    @AfterAll
    static void stop() throws Exception {
        txns.close();
        cluster.close();
    }

    /** Freezes an amount of an account on try; confirm spends it, cancel unfreezes it. All state in Chorus. */
    private static class Account implements TccParticipant {
        final String name;
        final AtomicInteger confirms = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();

        Account(String name, long balance) {
            this.name = name;
            txns.run(t -> {
                t.put(key("balance"), bytes(Long.toString(balance)));
                t.put(key("frozen"), bytes("0"));
                return null;
            });
        }

        byte[] key(String what) {
            return bytes("acct/" + name + "/" + what);
        }

        long get(Transaction t, String what) {
            return Long.parseLong(new String(t.get(key(what)).orElseThrow(), StandardCharsets.UTF_8));
        }

        long read(String what) {
            return Long.parseLong(new String(txns.kv().get(key(what)).orElseThrow(), StandardCharsets.UTF_8));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void doTry(Transaction t, String xid) {
            long balance = get(t, "balance");
            if (balance < 10) {
                throw new IllegalStateException("insufficient funds");
            }
            t.put(key("balance"), bytes(Long.toString(balance - 10)));
            t.put(key("frozen"), bytes(Long.toString(get(t, "frozen") + 10)));
        }

        @Override
        public void doConfirm(Transaction t, String xid) {
            confirms.incrementAndGet();
            t.put(key("frozen"), bytes(Long.toString(get(t, "frozen") - 10)));
        }

        @Override
        public void doCancel(Transaction t, String xid) {
            cancels.incrementAndGet();
            t.put(key("frozen"), bytes(Long.toString(get(t, "frozen") - 10)));
            t.put(key("balance"), bytes(Long.toString(get(t, "balance") + 10)));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void confirmAndCancelAreIdempotent() {
        Account a = new Account("idem", 100);
        assertEquals(TccFence.Result.APPLIED, fence.tryBranch("x1", a));
        assertEquals(TccFence.Result.ALREADY, fence.tryBranch("x1", a), "a repeated try does nothing");
        assertEquals(TccFence.Result.APPLIED, fence.confirm("x1", a));
        assertEquals(TccFence.Result.ALREADY, fence.confirm("x1", a));
        assertEquals(TccFence.Result.REFUSED, fence.cancel("x1", a), "no cancel after confirm");
        assertEquals(1, a.confirms.get());
        assertEquals(90, a.read("balance"));
        assertEquals(0, a.read("frozen"));

        assertEquals(TccFence.Result.APPLIED, fence.tryBranch("x2", a));
        assertEquals(TccFence.Result.APPLIED, fence.cancel("x2", a));
        assertEquals(TccFence.Result.ALREADY, fence.cancel("x2", a));
        assertEquals(TccFence.Result.REFUSED, fence.confirm("x2", a));
        assertEquals(1, a.cancels.get());
        assertEquals(90, a.read("balance"));
    }

    @Test
    void emptyRollbackSucceedsAndTheLateTryIsRefused() {
        Account a = new Account("late", 100);
        assertEquals(TccFence.Result.EMPTY_ROLLBACK, fence.cancel("x3", a), "cancel before any try");
        assertEquals(0, a.cancels.get(), "nothing to undo, so the participant's cancel is not called");
        assertEquals(TccFence.State.SUSPENDED, fence.state("x3", "late").orElseThrow());
        assertEquals(TccFence.Result.REFUSED, fence.tryBranch("x3", a), "the hanging try is refused");
        assertEquals(100, a.read("balance"), "and took no effect");
    }

    @Test
    void coordinatorConfirmsAllOrCancelsAll() {
        Account rich = new Account("rich", 100);
        Account poor = new Account("poor", 5);
        TccCoordinator coordinator = new TccCoordinator(fence);
        assertEquals(TccCoordinator.Outcome.CANCELLED, coordinator.run("x4", List.of(rich, poor)));
        assertEquals(TccState.CANCELLED, TccRecovery.find(txns, "x4").orElseThrow().state());
        assertEquals(100, rich.read("balance"), "the successful try was cancelled");
        assertEquals(0, rich.read("frozen"));
        assertEquals(TccFence.State.SUSPENDED, fence.state("x4", "poor").orElseThrow(), "the failed try's branch is fenced");
        Account other = new Account("other", 50);
        assertEquals(TccCoordinator.Outcome.CONFIRMED, coordinator.run("x5", List.of(rich, other)));
        assertEquals(90, rich.read("balance"));
        assertEquals(40, other.read("balance"));
        TccLog record = TccRecovery.find(txns, "x5").orElseThrow();
        assertEquals(TccState.CONFIRMED, record.state());
        assertEquals(TccLog.Decision.CONFIRM, record.decision());
        assertEquals(List.of("rich", "other"), record.branchNames());
        coordinator.close();
    }

    @Test
    void confirmAndCancelRacingOnOneBranchTakeEffectExactlyOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            Account a = new Account("race" + round, 100);
            String xid = "race-x" + round;
            assertEquals(TccFence.Result.APPLIED, fence.tryBranch(xid, a));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<TccFence.Result> confirm = CompletableFuture.supplyAsync(() -> {
                await(go);
                return fence.confirm(xid, a);
            });
            CompletableFuture<TccFence.Result> cancel = CompletableFuture.supplyAsync(() -> {
                await(go);
                return fence.cancel(xid, a);
            });
            go.countDown();
            TccFence.Result c = confirm.get();
            TccFence.Result x = cancel.get();
            assertTrue((c == TccFence.Result.APPLIED) ^ (x == TccFence.Result.APPLIED), "exactly one wins: " + c + " / " + x);
            // (The participant's callbacks may run in an attempt that then aborts; only committed state counts.)
            assertEquals(0, a.read("frozen"));
            assertEquals(c == TccFence.Result.APPLIED ? 90 : 100, a.read("balance"));
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown by a crash point: the coordinator stops dead, as if its process died (its lease renewals stop too). */
    private static final class Crash extends Error {
    }

    /** Short, so recovery need not wait long, but well above a commit's latency on a loaded machine. */
    private static final Duration SHORT_LEASE = Duration.ofSeconds(2);

    private static Map<String, TccParticipant> byName(Account... accounts) {
        Map<String, TccParticipant> m = new HashMap<>();
        for (Account a : accounts) {
            m.put(a.name, a);
        }
        return m;
    }

    /** Runs recovery until it has finished {@code xid} (nobody takes it over before the dead owner's lease ran out). */
    private static TccLog recover(String xid, Account... accounts) {
        try (TccCoordinator survivor = new TccCoordinator(fence)) {
            TccRecovery recovery = new TccRecovery(txns, survivor, byName(accounts));
            return Await.value("TCC " + xid + " recovered", Duration.ofSeconds(15),
                    () -> recovery.recoverOnce().stream().filter(l -> l.xid().equals(xid)).findFirst().orElse(null));
        }
    }

    @Test
    void aCoordinatorThatDiesBetweenConfirmsIsFinishedByRecovery() {
        Account a = new Account("die-confirm-a", 100);
        Account b = new Account("die-confirm-b", 100);
        Account c = new Account("die-confirm-c", 100);
        String xid = "die-between-confirms";
        TccCoordinator.CrashPoint crash = new TccCoordinator.CrashPoint() {
            @Override
            public void afterBranch(String x, String branch, TccLog.Decision decision) {
                if (branch.equals(a.name)) {
                    throw new Crash();
                }
            }
        };
        try (TccCoordinator dying = new TccCoordinator(fence, SHORT_LEASE, crash)) {
            assertThrows(Crash.class, () -> dying.run(xid, List.of(a, b, c)));
        }
        assertEquals(TccFence.State.CONFIRMED, fence.state(xid, a.name).orElseThrow());
        assertEquals(TccFence.State.TRIED, fence.state(xid, b.name).orElseThrow(), "the dead coordinator left b tried");
        TccLog stuck = TccRecovery.find(txns, xid).orElseThrow(() -> new AssertionError("no decision record for " + xid));
        assertEquals(TccState.CONFIRMING, stuck.state(), "the decision was recorded before phase two");

        TccLog done = recover(xid, a, b, c);
        assertEquals(TccState.CONFIRMED, done.state());
        assertEquals(TccState.CONFIRMED, TccRecovery.find(txns, xid).orElseThrow().state());
        for (Account x : List.of(a, b, c)) {
            assertEquals(TccFence.State.CONFIRMED, fence.state(xid, x.name).orElseThrow(), x.name);
            assertEquals(90, x.read("balance"), x.name);
            assertEquals(0, x.read("frozen"), x.name);
            assertEquals(1, x.confirms.get(), "confirmed once: " + x.name);
        }
    }

    @ParameterizedTest(name = "crash after the try of branch {0}")
    @ValueSource(ints = {0, 2})
    void aCoordinatorThatDiesBeforeTheDecisionIsCancelledByRecoveryAndALateTryIsRefused(int crashAfter) {
        List<Account> accounts = List.of(new Account("die-try" + crashAfter + "-a", 100),
                new Account("die-try" + crashAfter + "-b", 100), new Account("die-try" + crashAfter + "-c", 100));
        String xid = "die-before-decision-" + crashAfter;
        String last = accounts.get(crashAfter).name;
        TccCoordinator.CrashPoint crash = new TccCoordinator.CrashPoint() {
            @Override
            public void afterTry(String x, String branch) {
                if (branch.equals(last)) {
                    throw new Crash();
                }
            }
        };
        try (TccCoordinator dying = new TccCoordinator(fence, SHORT_LEASE, crash)) {
            assertThrows(Crash.class, () -> dying.run(xid, List.copyOf(accounts)));
        }
        TccLog stuck = TccRecovery.find(txns, xid).orElseThrow(() -> new AssertionError("no decision record for " + xid));
        assertEquals(TccState.TRYING, stuck.state());
        assertNull(stuck.decision());

        TccLog done = recover(xid, accounts.toArray(new Account[0]));
        assertEquals(TccState.CANCELLED, done.state());
        assertEquals(TccLog.Decision.CANCEL, done.decision());
        for (int i = 0; i < accounts.size(); i++) {
            Account x = accounts.get(i);
            assertEquals(i <= crashAfter ? TccFence.State.CANCELLED : TccFence.State.SUSPENDED,
                    fence.state(xid, x.name).orElseThrow(), x.name);
            assertEquals(100, x.read("balance"), "released: " + x.name);
            assertEquals(0, x.read("frozen"), x.name);
            // The dead coordinator's try arriving late (a delayed or repeated request) is refused and changes nothing.
            assertEquals(TccFence.Result.REFUSED, fence.tryBranch(xid, x), "late try of " + x.name);
            assertEquals(100, x.read("balance"), x.name);
            assertEquals(0, x.confirms.get(), x.name);
        }
    }

    @Test
    void aBranchWhoseConfirmKeepsFailingStopsNoOtherBranchAndRecoveryFinishesIt() {
        AtomicBoolean unreachable = new AtomicBoolean(true);
        Account a = new Account("flaky-a", 100);
        // b's confirms end UNKNOWN (its group unreachable) for as long as the coordinator retries them.
        Account b = new Account("flaky-b", 100) {
            @Override
            public void doConfirm(Transaction t, String xid) {
                if (unreachable.get()) {
                    throw new TxnException(TxnException.Kind.UNKNOWN, "outcome unknown: primary group unreachable");
                }
                super.doConfirm(t, xid);
            }
        };
        Account c = new Account("flaky-c", 100);
        String xid = "flaky-confirm";
        try (TccCoordinator coordinator = new TccCoordinator(fence, SHORT_LEASE, TccCoordinator.CrashPoint.NONE, 3)) {
            TccException e = assertThrows(TccException.class, () -> coordinator.run(xid, List.of(a, b, c)));
            assertTrue(e.getMessage().contains(b.name), e.getMessage());
        }
        assertEquals(TccFence.State.CONFIRMED, fence.state(xid, c.name).orElseThrow(), "a later branch is not left TRIED");
        assertEquals(TccFence.State.TRIED, fence.state(xid, b.name).orElseThrow());
        TccLog unfinished = TccRecovery.find(txns, xid).orElseThrow();
        assertEquals(TccState.CONFIRMING, unfinished.state(), "decided, not finished");
        assertEquals(TccLog.BranchState.FAILED, unfinished.branches().get(1).state());
        assertTrue(unfinished.failure().contains("outcome unknown"), unfinished.failure());

        unreachable.set(false);
        TccLog done = recover(xid, a, b, c);
        assertEquals(TccState.CONFIRMED, done.state());
        assertNull(done.failure());
        for (Account x : List.of(a, b, c)) {
            assertEquals(TccFence.State.CONFIRMED, fence.state(xid, x.name).orElseThrow(), x.name);
            assertEquals(90, x.read("balance"), x.name);
            assertEquals(0, x.read("frozen"), x.name);
        }
    }

    @Test
    void aConfirmRefusedByTheFenceFailsTheRunAndTheRecordShowsIt() throws Exception {
        Account a = new Account("refused-a", 100);
        Account b = new Account("refused-b", 100);
        Account c = new Account("refused-c", 100);
        String xid = "refused-confirm";
        // After the decision and a's confirm, someone cancels b behind the coordinator's back (an operator, a
        // misbehaving recovery elsewhere): b's confirm is refused by the fence.
        TccCoordinator.CrashPoint meddle = new TccCoordinator.CrashPoint() {
            @Override
            public void afterBranch(String x, String branch, TccLog.Decision decision) {
                if (branch.equals(a.name)) {
                    assertEquals(TccFence.Result.APPLIED, fence.cancel(xid, b));
                }
            }
        };
        TccException e;
        try (TccCoordinator coordinator = new TccCoordinator(fence, TccCoordinator.DEFAULT_LEASE, meddle)) {
            e = assertThrows(TccException.class, () -> coordinator.run(xid, List.of(a, b, c)),
                    "a refused confirm must not be reported CONFIRMED");
        }
        assertTrue(e.getMessage().contains(b.name), e.getMessage());
        TccLog record = TccRecovery.find(txns, xid).orElseThrow();
        assertEquals(TccState.NEEDS_ATTENTION, record.state());
        assertEquals(TccLog.Decision.CONFIRM, record.decision(), "phase two never changes the decision");
        assertEquals(TccLog.BranchState.CONFIRMED, record.branches().get(0).state());
        assertEquals(TccLog.BranchState.REFUSED, record.branches().get(1).state());
        assertEquals(TccLog.BranchState.CONFIRMED, record.branches().get(2).state(), "the other branches are still confirmed");
        assertTrue(record.failure() != null && record.failure().contains(b.name), String.valueOf(record.failure()));
        assertTrue(TccRecovery.list(txns).stream().anyMatch(l -> l.xid().equals(xid) && l.state() == TccState.NEEDS_ATTENTION),
                "listed with the other records");
        assertEquals(TccFence.State.CONFIRMED, fence.state(xid, c.name).orElseThrow());
        // Listed by the node that leads the record's group, at GET /tcc.
        String leader = cluster.awaitLeader(cluster.config().router().routeFor(TccLog.key(xid)).groupId());
        var http = java.net.http.HttpClient.newHttpClient();
        String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://"
                        + cluster.config().node(leader).orElseThrow().adminAddress() + "/tcc")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(body.contains(xid) && body.contains("NEEDS_ATTENTION") && body.contains("REFUSED"), body);
        // And by `chorus tccs`.
        java.io.StringWriter printed = new java.io.StringWriter();
        int exit = dev.chorus.cli.ChorusCli.run(new String[] {"tccs", "--cluster", cluster.clusterFile().toString()},
                new java.io.PrintWriter(printed), new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(0, exit, printed.toString());
        assertTrue(printed.toString().lines().anyMatch(l -> l.startsWith(xid) && l.contains("NEEDS_ATTENTION")
                && l.contains(b.name + "=REFUSED")), printed.toString());
    }

    @Test
    void aCoordinatorWhoseLeaseRanOutCannotWriteItsDecisionAndRecoveryCancels() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Account a = new Account("stall-a", 100);
        // b's try stalls (a long GC pause, a partition) while the coordinator's lease runs out.
        Account b = new Account("stall-b", 100) {
            @Override
            public void doTry(Transaction t, String xid) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.doTry(t, xid);
            }
        };
        String xid = "stalled-coordinator";
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TccCoordinator stalled = new TccCoordinator(fence)) {
            Future<TccCoordinator.Outcome> run = pool.submit(() -> stalled.run(xid, List.of(a, b)));
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the coordinator reached b's try");
            // Its lease runs out: the record says so, the owner is unchanged.
            txns.run(t -> {
                TccLog cur = TccLog.decode(t.get(TccLog.key(xid)).orElseThrow());
                t.put(TccLog.key(xid), cur.ownedBy(cur.owner(), System.currentTimeMillis() - 1).encode());
                return null;
            });
            release.countDown();
            ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(30, TimeUnit.SECONDS),
                    "a coordinator whose lease expired wrote its decision");
            assertInstanceOf(TccCoordinator.LostOwnership.class, e.getCause());
            TccLog after = TccRecovery.find(txns, xid).orElseThrow();
            assertEquals(TccState.TRYING, after.state(), "no decision written by the fenced coordinator");

            TccLog done = recover(xid, a, b);
            assertEquals(TccState.CANCELLED, done.state());
            for (Account x : List.of(a, b)) {
                assertEquals(TccFence.State.CANCELLED, fence.state(xid, x.name).orElseThrow(), x.name);
                assertEquals(100, x.read("balance"), x.name);
                assertEquals(0, x.read("frozen"), x.name);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
