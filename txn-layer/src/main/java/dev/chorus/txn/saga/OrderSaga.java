package dev.chorus.txn.saga;

import dev.chorus.routing.Keys;
import dev.chorus.txn.client.Transaction;
import dev.chorus.txn.client.TxnClient;

import java.util.Map;
import java.util.Set;

/**
 * The built-in example saga ({@code chorus saga demo-order}): reserve stock → debit the customer's account →
 * create the shipment, with keys in three different groups of the local cluster ({@code inventory/...},
 * {@code payments/...}, {@code shipments/...}). Each action and compensation is one Chorus transaction that writes
 * its effect and its idempotency marker ({@code idem/<key>}) together, so a repeat after a crash is a no-op.
 *
 * <p>Isolation: between "reserve" and "debit" another order sees the stock already reduced; that is the saga's
 * semantic lock (reserved stock is not available), undone by the compensation if the order fails.
 */
public final class OrderSaga {
    public static final String NAME = "demo-order";
    public static final String RESERVE = "reserve-stock";
    public static final String DEBIT = "debit-account";
    public static final String SHIP = "create-shipment";
    public static final long INITIAL_STOCK = 1000;
    public static final long INITIAL_BALANCE = 100_000;

    private OrderSaga() {
    }

    /** @param failAt steps whose action fails (simulating "out of stock", "card declined", "courier down") */
    public static SagaDefinition definition(Set<String> failAt) {
        return SagaDefinition.builder(NAME)
                .step(RESERVE, c -> once(c, failAt, t -> add(t, stockKey(c), -qty(c), "out of stock")),
                        c -> undo(c, t -> add(t, stockKey(c), qty(c), null)))
                .step(DEBIT, c -> once(c, failAt, t -> add(t, accountKey(c), -amount(c), "insufficient funds")),
                        c -> undo(c, t -> add(t, accountKey(c), amount(c), null)))
                .step(SHIP, c -> once(c, failAt, t -> t.put(shipmentKey(c), Keys.utf8("created"))),
                        c -> undo(c, t -> t.put(shipmentKey(c), Keys.utf8("cancelled"))))
                .build();
    }

    public static Map<String, String> params(String customer, String item, long quantity, long amount) {
        return Map.of("customer", customer, "item", item, "quantity", Long.toString(quantity), "amount", Long.toString(amount));
    }

    /** Creates the stock and the account if they do not exist yet. */
    public static void prepareData(TxnClient txns, Map<String, String> params) {
        txns.run(t -> {
            byte[] stock = Keys.utf8("inventory/" + params.get("item"));
            byte[] account = Keys.utf8("payments/" + params.get("customer"));
            if (t.get(stock).isEmpty()) {
                t.put(stock, Keys.utf8(Long.toString(INITIAL_STOCK)));
            }
            if (t.get(account).isEmpty()) {
                t.put(account, Keys.utf8(Long.toString(INITIAL_BALANCE)));
            }
            return null;
        });
    }

    private interface Effect {
        void apply(Transaction t);
    }

    private static void once(StepContext c, Set<String> failAt, Effect effect) {
        if (failAt.contains(c.step())) {
            throw new IllegalStateException("injected failure at " + c.step());
        }
        c.txns().run(t -> {
            byte[] marker = Keys.utf8("idem/" + c.idempotencyKey());
            if (t.get(marker).isEmpty()) {
                effect.apply(t);
                t.put(marker, Keys.utf8("done"));
            }
            return null;
        });
    }

    /** A compensation undoes only what its action did: nothing if the action never ran (its marker is absent). */
    private static void undo(StepContext c, Effect effect) {
        c.txns().run(t -> {
            byte[] marker = Keys.utf8("idem/" + c.idempotencyKey());
            byte[] actionMarker = Keys.utf8("idem/" + c.actionKey());
            if (t.get(marker).isEmpty()) {
                if (t.get(actionMarker).isPresent()) {
                    effect.apply(t);
                }
                t.put(marker, Keys.utf8("done"));
            }
            return null;
        });
    }

    private static void add(Transaction t, byte[] key, long delta, String shortage) {
        long now = t.get(key).map(v -> Long.parseLong(Keys.text(v))).orElse(0L);
        if (now + delta < 0 && shortage != null) {
            throw new IllegalStateException(shortage);
        }
        t.put(key, Keys.utf8(Long.toString(now + delta)));
    }

    static byte[] stockKey(StepContext c) {
        return Keys.utf8("inventory/" + c.params().get("item"));
    }

    static byte[] accountKey(StepContext c) {
        return Keys.utf8("payments/" + c.params().get("customer"));
    }

    static byte[] shipmentKey(StepContext c) {
        return Keys.utf8("shipments/" + c.sagaId());
    }

    private static long qty(StepContext c) {
        return Long.parseLong(c.params().get("quantity"));
    }

    private static long amount(StepContext c) {
        return Long.parseLong(c.params().get("amount"));
    }

}
