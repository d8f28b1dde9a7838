package dev.chorus.config;

import dev.chorus.routing.KeyRange;
import dev.chorus.routing.Keys;

import java.util.List;

/** One Raft group: the key range it owns and the nodes holding its replicas. */
public record GroupSpec(String id, RangeSpec range, List<String> replicas, String preferredLeader) {

    /** Range bounds as UTF-8 text; an empty {@code end} means unbounded. */
    public record RangeSpec(String start, String end) {
    }

    public KeyRange keyRange() {
        return new KeyRange(Keys.utf8(range.start()), Keys.utf8(range.end()));
    }
}
