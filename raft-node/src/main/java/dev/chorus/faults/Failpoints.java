package dev.chorus.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.admin.AdminException;
import dev.chorus.admin.AdminServer;
import dev.chorus.events.NodeEvent;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.BiConsumer;

/**
 * Named points in the node's code where, once armed, the node crashes at once: {@code Runtime.halt}, no shutdown
 * hooks, no cleanup, exactly like a power cut of the process. Used to prove that transactions survive a crash at
 * the worst moment. A failpoint fires once and disarms itself (the restarted process starts with none armed).
 *
 * <p>Admin API (bearer token; 403 unless fault injection is enabled): {@code POST /failpoints} {"name": "..."},
 * {@code DELETE /failpoints} (all) or {@code DELETE /failpoints} {"name": "..."}. Armed failpoints are listed in
 * {@code GET /status}.
 */
public final class Failpoints {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Failpoints.class);
    /** The participant failpoint: the group leader crashes right after it has applied a prepare. */
    public static final String PARTICIPANT_AFTER_PREPARE = "participant-after-prepare";

    /** A replica's state-machine write fails (the batch is discarded and the replica stops): not a crash. */
    public static final String STORE_WRITE_ERROR = "store-write-error";
    /** The node crashes once a snapshot's checkpoint is written, before jraft records the snapshot. */
    public static final String SNAPSHOT_SAVE_CRASH = "snapshot-save-crash";
    /** The node crashes in the middle of installing a snapshot, with its live store moved aside. */
    public static final String SNAPSHOT_INSTALL_CRASH = "snapshot-install-crash";

    /**
     * The node pauses (see {@link #pause}) just before serving a client's read from its store, on the thread that
     * serves it, like a disk that stalls on a read: what else that stall holds up shows which thread reads run on.
     */
    public static final String READ_PAUSE = "read-pause";

    /** The failpoints of the node itself; extensions declare theirs when they start. */
    public static final List<String> BUILT_IN = List.of(PARTICIPANT_AFTER_PREPARE, STORE_WRITE_ERROR, SNAPSHOT_SAVE_CRASH,
            SNAPSHOT_INSTALL_CRASH, READ_PAUSE);

    private final boolean enabled;
    private final Runnable crash;
    private final Runnable pause;
    private final Set<String> known = new CopyOnWriteArraySet<>(BUILT_IN);
    private final Set<String> armed = ConcurrentHashMap.newKeySet();
    private final BiConsumer<String, String> onChange;

    /**
     * @param crash    what "crash" means: {@code Runtime.halt} in a node process; tests running nodes in-process
     *                 pass an abrupt stop of the one node instead
     * @param onChange told (event type, failpoint name) on arm, clear and fire
     */
    public Failpoints(boolean enabled, Runnable crash, BiConsumer<String, String> onChange) {
        this(enabled, crash, () -> { }, onChange);
    }

    /** @param pause what "pause" means: SIGSTOP of the node's own process */
    public Failpoints(boolean enabled, Runnable crash, Runnable pause, BiConsumer<String, String> onChange) {
        this.pause = pause;
        this.enabled = enabled;
        this.crash = crash;
        this.onChange = onChange;
    }

    /** Makes {@code name} armable; components declare their failpoints when they start. */
    public void declare(String name) {
        known.add(name);
    }

    public void arm(String name) {
        if (!known.contains(name)) {
            throw new IllegalArgumentException("unknown failpoint '" + name + "' (known: " + new TreeSet<>(known) + ")");
        }
        armed.add(name);
        onChange.accept(NodeEvent.Types.FAILPOINT_ARMED, name);
    }

    public void clear(String name) {
        if (name == null) {
            armed.clear();
        } else {
            armed.remove(name);
        }
        onChange.accept(NodeEvent.Types.FAILPOINT_CLEARED, name == null ? "all" : name);
    }

    public List<String> armed() {
        return List.copyOf(new TreeSet<>(armed));
    }

    /** Crashes the node if {@code name} is armed; otherwise returns at once. */
    public void hit(String name) {
        if (take(name)) {
            LOG.error("failpoint {} fired: this node crashes now", name);
            crash.run();
            // Only reached where "crash" is not a real halt (in-process tests): the calling code must still stop dead.
            throw new Crashed(name);
        }
    }

    /**
     * For failpoints that pause the node instead of crashing it: if {@code name} is armed, the node stops its own
     * process (SIGSTOP, as {@code chorus node pause} does) right here, and carries on from here once resumed. In
     * tests running nodes in-process, where a process cannot be stopped, nothing happens beyond the event.
     */
    public void pause(String name) {
        if (take(name)) {
            LOG.warn("failpoint {} fired: this node pauses its own process until it is resumed", name);
            pause.run();
        }
    }

    /**
     * For failpoints that make an operation fail rather than crash the node: true (once) if {@code name} is armed,
     * and the caller then fails.
     */
    public boolean take(String name) {
        if (armed.remove(name)) {
            onChange.accept(NodeEvent.Types.FAILPOINT_FIRED, name);
            return true;
        }
        return false;
    }

    /** Thrown from {@link #hit} after a crash action that returned, so that the crashing code path goes no further. */
    public static final class Crashed extends Error {
        public Crashed(String failpoint) {
            super("failpoint " + failpoint + " crashed this node", null, false, false);
        }
    }

    public void register(AdminServer admin) {
        admin.mutating("POST", "/failpoints", (params, body) -> {
            requireEnabled();
            String name = name(body);
            if (name == null) {
                throw new AdminException(400, "body must name the failpoint: {\"name\": \"...\"}");
            }
            try {
                arm(name);
            } catch (IllegalArgumentException e) {
                throw new AdminException(400, e.getMessage());
            }
            return Map.of("armed", armed());
        });
        admin.mutating("DELETE", "/failpoints", (params, body) -> {
            requireEnabled();
            clear(name(body));
            return Map.of("armed", armed());
        });
    }

    private static String name(JsonNode body) throws AdminException {
        JsonNode n = body.get("name");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw new AdminException(400, "\"name\" must be a failpoint name");
        }
        return n.asText();
    }

    private void requireEnabled() throws AdminException {
        FaultAdmin.requireFaultInjection(enabled);
    }
}
