package dev.chorus.participant.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario file in the style of datadriven tests (etcd, CockroachDB): cases of one command line, a {@code ----}
 * line and the expected output up to the next blank line; lines starting with {@code #} and blank lines between
 * cases are kept as they are, so a file can be rewritten with the actual outputs ({@link #render}).
 */
record ScenarioFile(List<Item> items) {

    sealed interface Item {
    }

    /** A comment or blank line, kept verbatim. */
    record Text(String line) implements Item {
    }

    /** One command and its expected output; {@code line} is where the command stands, for messages. */
    record Case(int line, String command, List<String> expected) implements Item {
    }

    static ScenarioFile parse(String name, String content) {
        List<Item> items = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                if (!(i == lines.length - 1 && line.isEmpty())) {
                    items.add(new Text(line));
                }
                i++;
                continue;
            }
            if (i + 1 >= lines.length || !lines[i + 1].equals("----")) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": expected ---- after the command '" + line + "'");
            }
            List<String> expected = new ArrayList<>();
            int j = i + 2;
            while (j < lines.length && !lines[j].isEmpty()) {
                expected.add(lines[j]);
                j++;
            }
            items.add(new Case(i + 1, line, expected));
            i = j;
        }
        return new ScenarioFile(items);
    }

    /** The file with each case's output replaced by {@code outputs} (in case order). */
    String render(List<List<String>> outputs) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        boolean blank = false;
        for (Item item : items) {
            if (item instanceof Text t) {
                // Runs of blank lines become one: a case's output always ends at a blank line.
                if (!(blank && t.line().isBlank())) {
                    out.append(t.line()).append('\n');
                }
                blank = t.line().isBlank();
            } else if (item instanceof Case c) {
                out.append(c.command()).append("\n----\n");
                outputs.get(n++).forEach(l -> out.append(l).append('\n'));
                blank = false;
            }
        }
        return out.toString();
    }

    List<Case> cases() {
        return items.stream().filter(Case.class::isInstance).map(Case.class::cast).toList();
    }
}
