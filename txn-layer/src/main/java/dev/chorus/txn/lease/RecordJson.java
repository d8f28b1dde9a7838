package dev.chorus.txn.lease;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON form in which leased records (saga logs, TCC decision records) are stored in Chorus. */
public final class RecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {
    }

    public static byte[] encode(Object record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a stored record; {@code what} names it in the error ("saga log", "TCC record"). */
    public static <T> T decode(byte[] bytes, Class<T> type, String what) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + what + ": " + e.getMessage(), e);
        }
    }
}
