package dev.chorus.verify.checker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.verify.history.HistoryFormatException;
import dev.chorus.verify.history.Op;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Bank: {@code transfer} transactions move money between accounts; {@code read} ops read every account in one
 * snapshot (value: object account → balance). Transfers conserve money, so every successful read must see exactly
 * the total and no negative balance; each read that does not is reported.
 *
 * <p>The total comes from the constructor or from the history's successful {@code init} op (value: the initial
 * balances), so a stored history can be re-checked on its own.
 */
public final class BankChecker implements Checker {
    private final OptionalLong total;

    public BankChecker() {
        this(OptionalLong.empty());
    }

    public BankChecker(OptionalLong total) {
        this.total = total;
    }

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public CheckResult check(List<Op> history) {
        Op init = history.stream().filter(op -> op.ok() && op.f().equals("init")).findFirst().orElse(null);
        if (total.isEmpty() && init == null) {
            throw new HistoryFormatException("bank history has no successful init op and no total was given");
        }
        long expected = total.isPresent() ? total.getAsLong() : sum(init.value());
        TreeSet<String> accounts = init == null ? null : names(init.value());
        List<Anomaly> anomalies = new ArrayList<>();
        long reads = 0;
        for (Op op : history) {
            switch (op.f()) {
                case "init", "transfer" -> { }
                case "read" -> {
                    if (op.ok()) {
                        reads++;
                        checkRead(op, expected, accounts, anomalies);
                    }
                }
                default -> throw new HistoryFormatException("bank history: unknown function \"" + op.f() + "\" at op #" + op.index());
            }
        }
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("total", expected);
        stats.put("reads", reads);
        stats.put("transfers-ok", history.stream().filter(op -> op.ok() && op.f().equals("transfer")).count());
        return CheckResult.of(name(), history, anomalies, stats, reads == 0 ? "no successful read" : null);
    }

    private static void checkRead(Op read, long expected, TreeSet<String> accounts, List<Anomaly> anomalies) {
        if (read.value() == null || !read.value().isObject()) {
            throw new HistoryFormatException("bank read #" + read.index() + " has no balances object");
        }
        long seen = sum(read.value());
        if (seen != expected) {
            String missing = accounts == null ? "" : missing(accounts, read.value());
            anomalies.add(new Anomaly("wrong-total", "read saw a total of " + seen + ", not " + expected + missing, List.of(read)));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = read.value().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> account = it.next();
            if (account.getValue().asLong() < 0) {
                anomalies.add(new Anomaly("negative-balance", "read saw account " + account.getKey() + " at "
                        + account.getValue().asLong(), List.of(read)));
            }
        }
    }

    private static long sum(JsonNode balances) {
        long sum = 0;
        for (JsonNode balance : balances) {
            sum += balance.asLong();
        }
        return sum;
    }

    private static TreeSet<String> names(JsonNode balances) {
        TreeSet<String> names = new TreeSet<>();
        balances.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String missing(TreeSet<String> accounts, JsonNode read) {
        TreeSet<String> absent = new TreeSet<>(accounts);
        absent.removeAll(names(read));
        return absent.isEmpty() ? "" : " (accounts missing from the read: " + String.join(", ", absent) + ")";
    }
}
