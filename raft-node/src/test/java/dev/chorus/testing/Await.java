package dev.chorus.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for a condition: the only way tests here wait. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}, adding {@code diagnostics} to the failure message. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
        try {
            until(what, timeout, condition);
        } catch (AssertionError e) {
            AssertionError withState = new AssertionError(e.getMessage() + "; state: " + diagnostics.get());
            for (Throwable s : e.getSuppressed()) {
                withState.addSuppressed(s);
            }
            throw withState;
        }
    }

    /**
     * Checks that {@code condition} holds throughout {@code period}: for properties that are only meaningful once
     * time has passed (a cut link delivers nothing), after a positive wait has shown that the effect had its chance.
     */
    public static void holds(String what, Duration period, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("no longer true: " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted checking " + what);
            }
        } while (System.nanoTime() < end);
    }

    /** Polls until {@code supplier} returns non-null (exceptions count as "not yet"), then returns that value. */
    public static <T> T value(String what, Duration timeout, Supplier<T> supplier) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T v = supplier.get();
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
                if (last != null) {
                    error.addSuppressed(last);
                }
                throw error;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
