package dev.chorus.verify.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON configuration of histories and results, so writer, reader and reports agree. */
public final class HistoryJson {
    private HistoryJson() {
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                // Histories written by a later version may carry more fields; they do not change an op's meaning.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
