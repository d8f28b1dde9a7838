package dev.chorus.cli;

import dev.chorus.admin.ClusterStatus;

/** A group's leader as {@code await-leaders --json} and {@code leader transfer --json} print it. */
record GroupLeader(String group, String leader, long term) {

    static GroupLeader of(ClusterStatus.GroupEntry g) {
        return new GroupLeader(g.id(), g.leader(), g.term());
    }

    /** The human line: {@code g1 leader n2 (term 3)}. */
    String line() {
        return String.format("%s leader %s (term %d)%n", group, leader, term);
    }
}
