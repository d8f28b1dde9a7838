package dev.chorus.gui.vm;

import dev.chorus.events.NodeEvent;

import java.util.Locale;
import java.util.function.Predicate;

/** The event log's filter: node, group and type (empty = any), plus free text over the details. */
public record EventFilter(String node, String group, String type, String text) implements Predicate<NodeEvent> {
    public static final EventFilter ALL = new EventFilter("", "", "", "");

    @Override
    public boolean test(NodeEvent e) {
        return matches(node, e.node()) && matches(group, e.group()) && matches(type, e.type())
                && (text.isBlank() || describe(e).toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)));
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.isBlank() || wanted.equals(actual);
    }

    /** One line for the event log: the details as key=value. */
    public static String describe(NodeEvent e) {
        StringBuilder s = new StringBuilder();
        if (e.details() != null) {
            e.details().forEach((k, v) -> s.append(s.length() == 0 ? "" : "  ").append(k).append('=').append(v));
        }
        return s.toString();
    }
}
