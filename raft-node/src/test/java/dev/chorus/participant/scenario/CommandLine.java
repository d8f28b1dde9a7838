package dev.chorus.participant.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scenario command, split into its verb, positional words, {@code name=value} options and {@code kind:spec}
 * items (a transaction's {@code put:}, {@code del:}, {@code read:} and {@code range:} parts, in order).
 */
record CommandLine(String verb, List<String> words, Map<String, String> options, List<String[]> items) {
    private static final Set<String> ITEM_KINDS = Set.of("put", "del", "read", "range");

    static CommandLine parse(String line) {
        String[] tokens = line.trim().split("\\s+");
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        List<String[]> items = new ArrayList<>();
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            int colon = t.indexOf(':');
            int eq = t.indexOf('=');
            if (colon > 0 && (eq < 0 || colon < eq) && ITEM_KINDS.contains(t.substring(0, colon))) {
                items.add(new String[]{t.substring(0, colon), t.substring(colon + 1)});
            } else if (eq > 0) {
                options.put(t.substring(0, eq), t.substring(eq + 1));
            } else {
                words.add(t);
            }
        }
        return new CommandLine(tokens[0], words, options, items);
    }

    String word(int i) {
        if (i >= words.size()) {
            throw new IllegalArgumentException(verb + " needs at least " + (i + 1) + " arguments");
        }
        return words.get(i);
    }

    long number(String option, long otherwise) {
        String v = options.get(option);
        return v == null ? otherwise : Long.parseLong(v);
    }

    List<String> list(String option) {
        String v = options.get(option);
        return v == null || v.isEmpty() ? List.of() : List.of(v.split(","));
    }
}
