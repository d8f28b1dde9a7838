package dev.chorus.txn.bank;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.GroupSpec;
import dev.chorus.routing.Keys;
import dev.chorus.routing.RangeRouter;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.txn.client.TxnException;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bank workload (as in Jepsen's bank test): accounts spread over every group, transfers between accounts in
 * different groups as cross-group transactions, and a check that reads every account in one read-only transaction.
 * The total never changes and no balance goes negative, whatever fails, or transactions are broken.
 *
 * <p>Layout: account {@code i} lives in group {@code i mod G} under {@code <group start>bank/<i>}; the definition
 * ({@code accounts=N balance=B}) under {@code <first group start>bank/meta}.
 */
public final class Bank {
    /** Accounts the check can read in one transaction (the transaction key limit). */
    public static final int MAX_ACCOUNTS = 1000;

    private final TxnClient txns;
    private final RangeRouter router;
    private final List<String> groupPrefixes = new ArrayList<>();

    public record Definition(int accounts, long balance) {
        public long expectedTotal() {
            return accounts * balance;
        }
    }

    public record CheckResult(long total, int accounts, long expectedTotal, List<String> negative) {
        public boolean ok() {
            return total == expectedTotal && negative.isEmpty();
        }
    }

    public record RunResult(long committed, long aborted, long unknown, double seconds, double throughput, double p50Ms,
                            double p99Ms) {
    }

    public Bank(ClusterConfig cluster, TxnClient txns) {
        this.txns = txns;
        this.router = cluster.router();
        for (GroupSpec g : cluster.groups()) {
            String prefix = g.keyRange().start().length == 0 ? "" : Keys.text(g.keyRange().start());
            if (!router.routeFor(Keys.utf8(prefix + "bank/0")).groupId().equals(g.id())) {
                throw new IllegalArgumentException("cannot place bank accounts in group " + g.id() + " (range " + g.keyRange() + ")");
            }
            groupPrefixes.add(prefix);
        }
    }

    public byte[] accountKey(int i) {
        return Keys.utf8(groupPrefixes.get(i % groupPrefixes.size()) + "bank/" + i);
    }

    private byte[] metaKey() {
        return Keys.utf8(groupPrefixes.get(0) + "bank/meta");
    }

    public String groupOf(int account) {
        return router.routeFor(accountKey(account)).groupId();
    }

    public void init(int accounts, long balance) {
        if (accounts < 2 || accounts > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("--accounts must be within 2.." + MAX_ACCOUNTS);
        }
        if (balance < 0) {
            throw new IllegalArgumentException("--balance must not be negative");
        }
        for (int i = 0; i < accounts; i++) {
            txns.kv().put(accountKey(i), Keys.utf8(Long.toString(balance)));
        }
        txns.kv().put(metaKey(), Keys.utf8("accounts=" + accounts + " balance=" + balance));
    }

    public Definition definition() {
        return find().orElseThrow(() -> new IllegalStateException("no bank here: run `chorus bank init` first"));
    }

    /** The bank's definition, or empty if none was initialised in this cluster. */
    public Optional<Definition> find() {
        return txns.kv().get(metaKey()).map(raw -> {
            String[] parts = Keys.text(raw).split(" ");
            return new Definition(Integer.parseInt(parts[0].substring("accounts=".length())),
                    Long.parseLong(parts[1].substring("balance=".length())));
        });
    }

    /** Reads every account as of one instant ({@link TxnClient#readSnapshot}): a consistent snapshot of the bank. */
    public CheckResult check() {
        Definition d = definition();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < d.accounts(); i++) {
            keys.add(accountKey(i));
        }
        java.util.Map<java.nio.ByteBuffer, byte[]> values = txns.readSnapshot(keys);
        long total = 0;
        List<String> negative = new ArrayList<>();
        for (int i = 0; i < d.accounts(); i++) {
            byte[] raw = values.get(java.nio.ByteBuffer.wrap(keys.get(i)));
            if (raw == null) {
                throw new IllegalStateException("account " + i + " is missing");
            }
            long b = Long.parseLong(Keys.text(raw));
            total += b;
            if (b < 0) {
                negative.add("account " + i + " = " + b);
            }
        }
        return new CheckResult(total, d.accounts(), d.expectedTotal(), negative);
    }

    /**
     * One transfer attempt between two accounts in different groups (two-phase commit), or in the same group
     * ({@code sameGroup}: the one-phase path); throws {@link TxnException} if it did not commit.
     */
    public void transfer(int accounts, boolean sameGroup) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int from = rnd.nextInt(accounts);
        int to = rnd.nextInt(accounts);
        while (to == from || (groupPrefixes.size() > 1 && groupOf(to).equals(groupOf(from)) != sameGroup)) {
            to = rnd.nextInt(accounts);
        }
        long amount = 1 + rnd.nextInt(10);
        Transaction t = txns.begin();
        long a = balance(t, from);
        long b = balance(t, to);
        if (a >= amount) {
            t.put(accountKey(from), Keys.utf8(Long.toString(a - amount)));
            t.put(accountKey(to), Keys.utf8(Long.toString(b + amount)));
        }
        t.commit();
    }

    /** Live counters of a running workload. */
    public static final class Progress {
        public final AtomicLong committed = new AtomicLong();
        public final AtomicLong aborted = new AtomicLong();
        public final AtomicLong unknown = new AtomicLong();
        public final Recorder latency = new Recorder(3);
        public final AtomicBoolean stop = new AtomicBoolean();
    }

    /** Runs transfers from {@code clients} threads until {@code duration} passes or {@code progress.stop} is set. */
    public RunResult run(int clients, Duration duration, Progress progress) throws InterruptedException {
        return run(clients, duration, false, progress);
    }

    public RunResult run(int clients, Duration duration, boolean sameGroup, Progress progress) throws InterruptedException {
        int accounts = definition().accounts();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end && !progress.stop.get()) {
                    long t0 = System.nanoTime();
                    try {
                        transfer(accounts, sameGroup);
                        progress.committed.incrementAndGet();
                        progress.latency.recordValue((System.nanoTime() - t0) / 1000);
                    } catch (TxnException e) {
                        (e.kind() == TxnException.Kind.UNKNOWN ? progress.unknown : progress.aborted).incrementAndGet();
                    } catch (RuntimeException e) {
                        progress.aborted.incrementAndGet(); // a read that timed out: the attempt is abandoned
                    }
                }
            }, "bank-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        var h = progress.latency.getIntervalHistogram();
        return new RunResult(progress.committed.get(), progress.aborted.get(), progress.unknown.get(), seconds,
                progress.committed.get() / seconds, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
    }

    private long balance(Transaction t, int account) {
        return t.get(accountKey(account)).map(v -> Long.parseLong(Keys.text(v)))
                .orElseThrow(() -> new IllegalStateException("account " + account + " is missing"));
    }
}
