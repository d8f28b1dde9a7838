package dev.chorus.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-string keys: ordering, text conversion and prefix ranges. Keys order as unsigned bytes, like RocksDB's default comparator. */
public final class Keys {
    private Keys() {
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The smallest key greater than every key that starts with {@code prefix}; empty (unbounded) if there is none. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[0];
    }

    /** Text for logs and errors: UTF-8 when printable, else hex. */
    public static String printable(byte[] key) {
        for (byte b : key) {
            if (b < 0x20 || b == 0x7F) {
                StringBuilder hex = new StringBuilder("0x");
                for (byte x : key) {
                    hex.append(String.format("%02x", x));
                }
                return hex.toString();
            }
        }
        return '"' + text(key) + '"';
    }
}
