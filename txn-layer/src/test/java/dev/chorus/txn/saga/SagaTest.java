package dev.chorus.txn.saga;

import dev.chorus.testing.Await;
import dev.chorus.testing.TestCluster;
import dev.chorus.routing.Keys;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sagas on a real cluster: success, failure at each step, crash at each step then recovery, endless compensation failure. */
class SagaTest {
    private static TestCluster cluster;
    private static TxnClient txns;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(3, "j", "r");
        txns = new TxnClient(cluster.config(), cluster.client());
    }

    @AfterAll
    static void stop() throws Exception {
        txns.close();
        cluster.close();
    }

    private static long number(String key) {
        return txns.kv().get(key.getBytes(StandardCharsets.UTF_8)).map(v -> Long.parseLong(new String(v, StandardCharsets.UTF_8))).orElse(0L);
    }

    private static String text(String key) {
        return txns.kv().get(key.getBytes(StandardCharsets.UTF_8)).map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null);
    }

    /** Records the order in which steps and compensations succeeded. */
    private static final class Trace implements SagaListener {
        final List<String> done = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stepSucceeded(SagaLog log, String step, boolean compensating) {
            done.add((compensating ? "undo " : "") + step);
        }
    }

    @Test
    void successRunsEveryStepOnce() {
        Map<String, String> params = OrderSaga.params("ok-customer", "ok-item", 2, 30);
        OrderSaga.prepareData(txns, params);
        Trace trace = new Trace();
        try (SagaRunner runner = new SagaRunner(txns, trace)) {
            SagaLog log = runner.run(OrderSaga.definition(Set.of()), params);
            assertEquals(SagaState.COMPLETED, log.state());
            assertEquals(List.of(OrderSaga.RESERVE, OrderSaga.DEBIT, OrderSaga.SHIP), trace.done);
            assertEquals(OrderSaga.INITIAL_STOCK - 2, number("inventory/ok-item"));
            assertEquals(OrderSaga.INITIAL_BALANCE - 30, number("payments/ok-customer"));
            assertEquals("created", text("shipments/" + log.id()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {OrderSaga.RESERVE, OrderSaga.DEBIT, OrderSaga.SHIP})
    void failureAtAStepCompensatesTheFailedAndCompletedStepsInReverse(String failing) {
        String who = "fail-" + failing;
        Map<String, String> params = OrderSaga.params(who, who, 3, 40);
        OrderSaga.prepareData(txns, params);
        Trace trace = new Trace();
        SagaDefinition def = OrderSaga.definition(Set.of(failing));
        try (SagaRunner runner = new SagaRunner(txns, trace)) {
            SagaLog log = runner.run(def, params);
            assertEquals(SagaState.COMPENSATED, log.state());
            List<String> expected = new ArrayList<>();
            int k = def.indexOf(failing);
            for (int i = 0; i < k; i++) {
                expected.add(def.steps().get(i).name());
            }
            // The failed step is compensated too (it might have taken effect); its compensation finds no marker of
            // the action and changes nothing.
            for (int i = k; i >= 0; i--) {
                expected.add("undo " + def.steps().get(i).name());
            }
            assertEquals(expected, trace.done);
            assertEquals(OrderSaga.INITIAL_STOCK, number("inventory/" + who), "stock restored");
            assertEquals(OrderSaga.INITIAL_BALANCE, number("payments/" + who), "money restored");
            assertTrue(log.failure().contains("injected failure at " + failing), log.failure());
        }
    }

    /** Thrown by the crash point: the runner stops dead, as if its process died. */
    private static final class Crash extends Error {
    }

    @ParameterizedTest
    @ValueSource(strings = {OrderSaga.RESERVE, OrderSaga.DEBIT, OrderSaga.SHIP})
    void aCrashAfterAnyStepIsFinishedByRecoveryWithTheSameResult(String crashAfter) throws Exception {
        String who = "crash-" + crashAfter;
        Map<String, String> params = OrderSaga.params(who, who, 1, 25);
        OrderSaga.prepareData(txns, params);
        // Short, so recovery need not wait long, but well above a step's commit latency on a loaded machine: a
        // runner whose lease runs out between renewals is fenced off (LostOwnership) instead of crashing at the step.
        Duration lease = Duration.ofSeconds(2);
        SagaRunner.CrashPoint crash = (step, compensating) -> {
            if (step.equals(crashAfter) && !compensating) {
                throw new Crash();
            }
        };
        String id;
        try (SagaRunner dying = new SagaRunner(txns, 5, lease, SagaListener.NONE, crash)) {
            assertThrows(Crash.class, () -> dying.run(OrderSaga.definition(Set.of()), params));
        }
        SagaLog stuck = SagaRecovery.list(txns).stream().filter(l -> l.params().get("customer").equals(who)).findFirst().orElseThrow();
        id = stuck.id();
        assertEquals(SagaState.RUNNING, stuck.state());
        try (SagaRunner survivor = new SagaRunner(txns, SagaListener.NONE)) {
            SagaRecovery recovery = new SagaRecovery(txns, survivor, Map.of(OrderSaga.NAME, OrderSaga.definition(Set.of())));
            // Nobody takes the saga over before the dead runner's lease runs out; then recovery finishes it.
            SagaLog done = Await.value("saga " + id + " recovered", Duration.ofSeconds(10),
                    () -> recovery.recoverOnce().stream().filter(l -> l.id().equals(id)).findFirst().orElse(null));
            assertEquals(SagaState.COMPLETED, done.state());
        }
        // The step that crashed ran twice; its idempotency key made the second run a no-op.
        assertEquals(OrderSaga.INITIAL_STOCK - 1, number("inventory/" + who));
        assertEquals(OrderSaga.INITIAL_BALANCE - 25, number("payments/" + who));
        assertEquals("created", text("shipments/" + id));
    }

    @Test
    void aCompensationThatAlwaysFailsEndsInNeedsAttentionVisibleInTheApi() throws Exception {
        SagaDefinition def = SagaDefinition.builder("fragile")
                .step("charge", c -> { }, c -> {
                    throw new IllegalStateException("refund service down");
                })
                .step("ship", c -> {
                    throw new IllegalStateException("courier down");
                }, c -> { })
                .build();
        try (SagaRunner runner = new SagaRunner(txns, 3, SagaRunner.DEFAULT_LEASE, SagaListener.NONE, SagaRunner.CrashPoint.NONE)) {
            SagaLog log = runner.run(def, Map.of());
            assertEquals(SagaState.NEEDS_ATTENTION, log.state());
            assertEquals(SagaLog.StepState.COMPENSATION_FAILED, log.steps().get(0).state());
            assertTrue(log.failure().contains("refund service down"), log.failure());
            // Listed by the node that leads the saga log's group, at GET /sagas.
            String leader = cluster.awaitLeader(cluster.config().router().routeFor(SagaLog.key(log.id())).groupId());
            var http = java.net.http.HttpClient.newHttpClient();
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://"
                            + cluster.config().node(leader).orElseThrow().adminAddress() + "/sagas")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains(log.id()) && body.contains("NEEDS_ATTENTION"), body);
        }
    }

    /** Adds {@code delta} to a counter and sets {@code marker}, in one transaction, unless the marker is already set. */
    private static void addOnce(StepContext c, String counter, long delta, String marker) {
        c.txns().run(t -> {
            byte[] m = Keys.utf8("idem/" + marker);
            if (t.get(m).isEmpty()) {
                byte[] k = Keys.utf8(counter);
                long now = t.get(k).map(v -> Long.parseLong(Keys.text(v))).orElse(0L);
                t.put(k, Keys.utf8(Long.toString(now + delta)));
                t.put(m, Keys.utf8("done"));
            }
            return null;
        });
    }

    /** Refunds only if the action's marker says the action took effect (as the demo's compensations do). */
    private static void refundIfCharged(StepContext c, String counter, long amount) {
        c.txns().run(t -> {
            byte[] own = Keys.utf8("idem/" + c.idempotencyKey());
            if (t.get(own).isEmpty()) {
                if (t.get(Keys.utf8("idem/" + c.actionKey())).isPresent()) {
                    byte[] k = Keys.utf8(counter);
                    long now = t.get(k).map(v -> Long.parseLong(Keys.text(v))).orElse(0L);
                    t.put(k, Keys.utf8(Long.toString(now + amount)));
                }
                t.put(own, Keys.utf8("done"));
            }
            return null;
        });
    }

    @Test
    void aStepWhoseOutcomeWasUnknownButTookEffectIsCompensated() {
        String account = "payments/unknown-outcome";
        txns.run(t -> {
            t.put(Keys.utf8(account), Keys.utf8("100"));
            return null;
        });
        // The charge commits, but its client cannot learn that: what commit reports when the primary group becomes
        // unreachable right after the decision (reproduced for real in CrashRecoveryTest). The step counts as failed.
        SagaDefinition def = SagaDefinition.builder("charge-then-ship")
                .step("charge", c -> {
                    addOnce(c, account, -30, c.actionKey());
                    throw new TxnException(TxnException.Kind.UNKNOWN, "outcome unknown: primary group unreachable");
                }, c -> refundIfCharged(c, account, 30))
                .step("ship", c -> { }, c -> { })
                .build();
        Trace trace = new Trace();
        try (SagaRunner runner = new SagaRunner(txns, trace)) {
            SagaLog log = runner.run(def, Map.of());
            assertEquals(SagaState.COMPENSATED, log.state());
            assertEquals(SagaLog.StepState.COMPENSATED, log.steps().get(0).state(), "the failed step was compensated");
            assertEquals(List.of("undo charge"), trace.done);
            assertEquals(100, number(account), "the charge that took effect was refunded");
        }
    }

    @Test
    void aRunnerWhoseLeaseRanOutCannotRecordItsStepAndRecoveryTakesOver() throws Exception {
        String counter = "payments/slow-runner";
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> sagaId = new AtomicReference<>();
        SagaDefinition def = SagaDefinition.builder("slow")
                .step("work", c -> {
                    if (c.attempt() == 1) {
                        // The first runner stalls here (a long GC pause, a partition) while its lease runs out.
                        sagaId.set(c.sagaId());
                        entered.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    addOnce(c, counter, 1, c.actionKey());
                }, c -> { })
                .build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SagaRunner stalled = new SagaRunner(txns, 5, SagaRunner.DEFAULT_LEASE, SagaListener.NONE, SagaRunner.CrashPoint.NONE)) {
            Future<SagaLog> first = pool.submit(() -> stalled.run(def, Map.of()));
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the first runner started the step");
            String id = sagaId.get();
            // Its lease runs out (renewals stalled with it): the log says so, the owner is unchanged.
            txns.run(t -> {
                SagaLog cur = SagaLog.decode(t.get(SagaLog.key(id)).orElseThrow());
                t.put(SagaLog.key(id), cur.ownedBy(cur.owner(), System.currentTimeMillis() - 1).encode());
                return null;
            });
            String owner = SagaLog.decode(txns.kv().get(SagaLog.key(id)).orElseThrow()).owner();
            release.countDown();
            ExecutionException e = assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS),
                    "a runner whose lease expired recorded its step");
            assertInstanceOf(SagaRunner.LostOwnership.class, e.getCause());
            SagaLog after = SagaLog.decode(txns.kv().get(SagaLog.key(id)).orElseThrow());
            assertEquals(owner, after.owner());
            assertEquals(SagaLog.StepState.RUNNING, after.steps().get(0).state(), "nothing recorded by the fenced runner");

            try (SagaRunner survivor = new SagaRunner(txns, SagaListener.NONE)) {
                SagaRecovery recovery = new SagaRecovery(txns, survivor, Map.of("slow", def));
                SagaLog done = Await.value("saga " + id + " recovered", Duration.ofSeconds(10),
                        () -> recovery.recoverOnce().stream().filter(l -> l.id().equals(id)).findFirst().orElse(null));
                assertEquals(SagaState.COMPLETED, done.state());
            }
            assertEquals(1, number(counter), "the step took effect once");
        } finally {
            pool.shutdownNow();
        }
    }
}
