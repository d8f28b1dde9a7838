package dev.chorus.verify.workload;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.routing.Keys;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;
import dev.chorus.verify.history.Op;
import dev.chorus.verify.history.Recorder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bank workload (as in txn-layer's {@code Bank}, on the run's own keys): accounts spread over every group,
 * transfers between accounts of different groups as cross-group transactions, and snapshot reads of every account
 * at once ({@link TxnClient#readSnapshot}). A transfer the source cannot cover is rolled back before commit and
 * recorded as fail: it had no effect.
 */
public final class BankWorkload implements ClientWorkload {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_AMOUNT = 5;
    private static final int FINAL_READ_ATTEMPTS = 10;

    private final TxnClient txns;
    private final GroupSpread keys;
    private final int accounts;
    private final long initialBalance;
    private final List<byte[]> accountKeys = new ArrayList<>();

    public BankWorkload(TxnClient txns, GroupSpread keys, int accounts, long initialBalance) {
        if (accounts < 2) {
            throw new IllegalArgumentException("the bank needs at least 2 accounts");
        }
        this.txns = txns;
        this.keys = keys;
        this.accounts = accounts;
        this.initialBalance = initialBalance;
        for (int i = 0; i < accounts; i++) {
            accountKeys.add(keys.key(i));
        }
    }

    /** Writes the initial balances in one transaction and records them as the {@code init} op the checker sums. */
    @Override
    public void setUp(Recorder recorder) {
        long invoke = System.nanoTime();
        ObjectNode balances = JSON.objectNode();
        txns.run(txn -> {
            for (int i = 0; i < accounts; i++) {
                txn.put(accountKeys.get(i), Keys.utf8(Long.toString(initialBalance)));
            }
            return null;
        });
        for (int i = 0; i < accounts; i++) {
            balances.put(Integer.toString(i), initialBalance);
        }
        recorder.record(0, Op.Type.OK, "init", null, balances, invoke, System.nanoTime());
    }

    @Override
    public Op step(int process, Random random, Recorder recorder) {
        return random.nextInt(10) < 3 ? read(process, recorder) : transfer(process, random, recorder);
    }

    @Override
    public void finalReads(int process, Recorder recorder) {
        for (int attempt = 0; attempt < FINAL_READ_ATTEMPTS; attempt++) {
            if (read(process, recorder).ok()) {
                return;
            }
        }
    }

    private Op read(int process, Recorder recorder) {
        long invoke = System.nanoTime();
        try {
            Map<ByteBuffer, byte[]> values = txns.readSnapshot(accountKeys);
            ObjectNode balances = JSON.objectNode();
            for (int i = 0; i < accounts; i++) {
                byte[] raw = values.get(ByteBuffer.wrap(accountKeys.get(i)));
                if (raw != null) { // a missing account shows as a wrong total, naming it
                    balances.put(Integer.toString(i), Long.parseLong(Keys.text(raw)));
                }
            }
            return recorder.record(process, Op.Type.OK, "read", null, balances, invoke, System.nanoTime());
        } catch (RuntimeException e) {
            return recorder.record(process, Op.Type.FAIL, "read", null, null, invoke, System.nanoTime());
        }
    }

    private Op transfer(int process, Random random, Recorder recorder) {
        int from = random.nextInt(accounts);
        int to = random.nextInt(accounts);
        while (to == from || (keys.groups() > 1 && keys.group(to) == keys.group(from))) {
            to = random.nextInt(accounts);
        }
        long amount = 1 + random.nextInt(MAX_AMOUNT);
        ObjectNode args = JSON.objectNode().put("from", Integer.toString(from)).put("to", Integer.toString(to)).put("amount", amount);
        long invoke = System.nanoTime();
        boolean commitCalled = false;
        Transaction txn = txns.begin();
        try {
            long a = balance(txn, from);
            long b = balance(txn, to);
            if (a < amount) {
                txn.rollback();
                return recorder.record(process, Op.Type.FAIL, "transfer", null, args.put("error", "insufficient funds"),
                        invoke, System.nanoTime());
            }
            txn.put(accountKeys.get(from), Keys.utf8(Long.toString(a - amount)));
            txn.put(accountKeys.get(to), Keys.utf8(Long.toString(b + amount)));
            commitCalled = true;
            txn.commit();
            return recorder.record(process, Op.Type.OK, "transfer", null, args, invoke, System.nanoTime());
        } catch (RuntimeException e) {
            return recorder.record(process, Outcomes.ofTxn(e, commitCalled), "transfer", null,
                    args.put("error", String.valueOf(e.getMessage())), invoke, System.nanoTime());
        }
    }

    private long balance(Transaction txn, int account) {
        return txn.get(accountKeys.get(account)).map(v -> Long.parseLong(Keys.text(v)))
                .orElseThrow(() -> new IllegalStateException("account " + account + " is missing"));
    }
}
