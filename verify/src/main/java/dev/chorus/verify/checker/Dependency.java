package dev.chorus.verify.checker;

/** Why one transaction must precede another in any serial order explaining a history (Adya / Elle). */
enum Dependency {
    /** T1 appended a version of a key that T2's append directly follows. */
    WW("ww"),
    /** T2 read a list ending with T1's append. */
    WR("wr"),
    /** T1 read a version that T2's append overwrote (anti-dependency). */
    RW("rw"),
    /** T1 completed before T2 was invoked: strict serializability keeps that order. */
    REALTIME("rt");

    final String label;

    Dependency(String label) {
        this.label = label;
    }

    int bit() {
        return 1 << ordinal();
    }

    static int mask(Dependency... dependencies) {
        int mask = 0;
        for (Dependency d : dependencies) {
            mask |= d.bit();
        }
        return mask;
    }
}
