package dev.chorus.routing;

import java.util.Arrays;

/**
 * A half-open key range {@code [start, end)} in unsigned lexicographic byte order.
 * An empty {@code start} means "from the smallest key"; an empty {@code end} means "to infinity".
 */
public record KeyRange(byte[] start, byte[] end) {

    public KeyRange {
        start = start == null ? new byte[0] : start.clone();
        end = end == null ? new byte[0] : end.clone();
        if (end.length > 0 && Keys.compare(start, end) >= 0) {
            throw new IllegalArgumentException("range start must be below its end");
        }
    }

    public boolean contains(byte[] key) {
        return Keys.compare(key, start) >= 0 && (end.length == 0 || Keys.compare(key, end) < 0);
    }

    public boolean unboundedEnd() {
        return end.length == 0;
    }

    /** True when this range and {@code [from, to)} (empty {@code to} = unbounded) share at least one key. */
    public boolean overlaps(byte[] from, byte[] to) {
        boolean startsBeforeTheirEnd = to.length == 0 || Keys.compare(start, to) < 0;
        boolean endsAfterTheirStart = end.length == 0 || Keys.compare(from, end) < 0;
        return startsBeforeTheirEnd && endsAfterTheirStart;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange r && Arrays.equals(start, r.start) && Arrays.equals(end, r.end);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
    }

    @Override
    public String toString() {
        return "[" + Keys.printable(start) + ", " + (end.length == 0 ? "∞" : Keys.printable(end)) + ")";
    }
}
