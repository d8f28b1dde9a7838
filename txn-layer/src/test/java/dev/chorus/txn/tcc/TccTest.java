package dev.chorus.txn.tcc;

import dev.chorus.testing.TestCluster;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TCC fence against its three hazards, and a confirm/cancel race, on a real cluster. */
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
    private static final class Account implements TccParticipant {
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
        assertEquals(100, rich.read("balance"), "the successful try was cancelled");
        assertEquals(0, rich.read("frozen"));
        assertEquals(TccFence.State.SUSPENDED, fence.state("x4", "poor").orElseThrow(), "the failed try's branch is fenced");
        Account other = new Account("other", 50);
        assertEquals(TccCoordinator.Outcome.CONFIRMED, coordinator.run("x5", List.of(rich, other)));
        assertEquals(90, rich.read("balance"));
        assertEquals(40, other.read("balance"));
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
}
