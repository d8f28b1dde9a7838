package dev.chorus.gui.model;

import dev.chorus.config.ClusterConfig;
import dev.chorus.txn.bank.Bank;
import dev.chorus.txn.client.TxnClient;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The dashboard's bank workload: transfers from N client threads, and a check of the total (one read-only
 * transaction over all accounts) every second, so the user sees the invariant hold while breaking the cluster.
 */
public final class BankWorkload implements AutoCloseable {
    public static final int DEFAULT_ACCOUNTS = 30;
    public static final long DEFAULT_BALANCE = 100;

    private final TxnClient txns;
    private final Bank bank;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chorus-gui-bank-check");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<String> lastCheck = new AtomicReference<>("not checked yet");
    private volatile Bank.Progress progress;

    public BankWorkload(ClusterConfig cluster) {
        this.txns = new TxnClient(cluster);
        this.bank = new Bank(cluster, txns);
        checker.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts {@code clients} transfer threads (creating the accounts first if there are none). */
    public synchronized void start(int clients) {
        stop();
        if (bank.find().isEmpty()) {
            bank.init(DEFAULT_ACCOUNTS, DEFAULT_BALANCE);
        }
        Bank.Progress p = new Bank.Progress();
        progress = p;
        Thread runner = new Thread(() -> {
            try {
                bank.run(clients, Duration.ofDays(1), p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chorus-gui-bank");
        runner.setDaemon(true);
        runner.start();
    }

    public synchronized void stop() {
        Bank.Progress p = progress;
        if (p != null) {
            p.stop.set(true);
        }
        progress = null;
    }

    public boolean running() {
        return progress != null;
    }

    public long committed() {
        Bank.Progress p = progress;
        return p == null ? 0 : p.committed.get();
    }

    public long aborted() {
        Bank.Progress p = progress;
        return p == null ? 0 : p.aborted.get();
    }

    /** The last total check: "total 3000 / expected 3000" or why it could not be read. */
    public String lastCheck() {
        return lastCheck.get();
    }

    private void check() {
        try {
            if (bank.find().isEmpty()) {
                lastCheck.set("no bank yet (start the workload)");
                return;
            }
            Bank.CheckResult r = bank.check();
            lastCheck.set("total " + r.total() + " / expected " + r.expectedTotal() + (r.ok() ? "  ✔" : "  ✘ VIOLATED")
                    + (r.negative().isEmpty() ? "" : " negative: " + r.negative()));
        } catch (IllegalStateException e) { // an account is missing
            lastCheck.set("✘ VIOLATED: " + e.getMessage());
        } catch (RuntimeException e) {
            lastCheck.set("check not possible right now: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
        checker.shutdownNow();
        txns.close();
    }
}
