package dev.chorus.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.admin.AdminException;
import dev.chorus.admin.AdminServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The fault-injection endpoints of a node (bearer token required; 403 unless the cluster file enables fault
 * injection):
 * <ul>
 *   <li>{@code POST /faults} {"type":"isolate","node":"n1"} | {"type":"cut","from":"n1","to":"n2","oneWay":false}
 *       | {"type":"delay","from":"n1","to":"n2","ms":100,"jitterMs":20} | {"type":"drop","from":"n1","to":"n2","rate":0.2}
 *       (delay and drop apply to both directions)</li>
 *   <li>{@code POST /faults/heal} {} (everything) or {"from":"n1","to":"n2"} (both directions of that pair)</li>
 * </ul>
 * The CLI sends each request to every node, since each node enforces the links that touch it.
 */
public final class FaultAdmin {
    private final boolean enabled;
    private final List<String> nodeIds;
    private final FaultTable table;
    private final BiConsumer<String, String> onChange;

    /** @param onChange told ("FAULT_APPLIED" or "FAULT_HEALED", description) after every change */
    public FaultAdmin(boolean enabled, List<String> nodeIds, FaultTable table, BiConsumer<String, String> onChange) {
        this.enabled = enabled;
        this.nodeIds = List.copyOf(nodeIds);
        this.table = table;
        this.onChange = onChange;
    }

    public void register(AdminServer admin) {
        admin.mutating("POST", "/faults", (params, body) -> apply(body));
        admin.mutating("POST", "/faults/heal", (params, body) -> heal(body));
    }

    Object apply(JsonNode body) throws AdminException {
        requireEnabled();
        List<LinkFault> links = linksFor(body);
        table.add(links);
        onChange.accept("FAULT_APPLIED", String.join(", ", links.stream().map(LinkFault::describe).toList()));
        return Map.of("faults", table.list());
    }

    Object heal(JsonNode body) throws AdminException {
        requireEnabled();
        String from = optionalNode(body, "from");
        String to = optionalNode(body, "to");
        if ((from == null) != (to == null)) {
            throw new AdminException(400, "heal takes both \"from\" and \"to\", or neither (heal all)");
        }
        List<LinkFault> healed = table.heal(from, to);
        onChange.accept("FAULT_HEALED", from == null ? "all" : from + "<->" + to);
        return Map.of("healed", healed.size(), "faults", table.list());
    }

    private void requireEnabled() throws AdminException {
        requireFaultInjection(enabled);
    }

    /** 403 unless the cluster file enables fault injection; shared by every chaos endpoint (faults, failpoints). */
    static void requireFaultInjection(boolean enabled) throws AdminException {
        if (!enabled) {
            throw new AdminException(403, "fault injection is disabled for this cluster (set \"faultInjection\": true in the cluster file)");
        }
    }

    List<LinkFault> linksFor(JsonNode body) throws AdminException {
        String type = body.path("type").asText("");
        List<LinkFault> out = new ArrayList<>();
        switch (type) {
            case "isolate" -> {
                String node = requiredNode(body, "node");
                for (String other : nodeIds) {
                    if (!other.equals(node)) {
                        out.add(new LinkFault(node, other, true, 0, 0, 0));
                        out.add(new LinkFault(other, node, true, 0, 0, 0));
                    }
                }
            }
            case "cut" -> {
                String from = requiredNode(body, "from");
                String to = requiredPeer(body, from);
                out.add(new LinkFault(from, to, true, 0, 0, 0));
                if (!body.path("oneWay").asBoolean(false)) {
                    out.add(new LinkFault(to, from, true, 0, 0, 0));
                }
            }
            case "delay" -> {
                String from = requiredNode(body, "from");
                String to = requiredPeer(body, from);
                long ms = number(body, "ms", 0, 60_000, true);
                long jitter = number(body, "jitterMs", 0, 60_000, false);
                out.add(new LinkFault(from, to, false, ms, jitter, 0));
                out.add(new LinkFault(to, from, false, ms, jitter, 0));
            }
            case "drop" -> {
                String from = requiredNode(body, "from");
                String to = requiredPeer(body, from);
                JsonNode rate = body.get("rate");
                if (rate == null || !rate.isNumber() || rate.asDouble() <= 0 || rate.asDouble() > 1) {
                    throw new AdminException(400, "\"rate\" must be a number in (0, 1]");
                }
                out.add(new LinkFault(from, to, false, 0, 0, rate.asDouble()));
                out.add(new LinkFault(to, from, false, 0, 0, rate.asDouble()));
            }
            default -> throw new AdminException(400, "\"type\" must be one of isolate, cut, delay, drop");
        }
        return out;
    }

    private String requiredNode(JsonNode body, String field) throws AdminException {
        String id = optionalNode(body, field);
        if (id == null) {
            throw new AdminException(400, "\"" + field + "\" (a node id) is required");
        }
        return id;
    }

    private String requiredPeer(JsonNode body, String from) throws AdminException {
        String to = requiredNode(body, "to");
        if (to.equals(from)) {
            throw new AdminException(400, "\"from\" and \"to\" must be different nodes");
        }
        return to;
    }

    private String optionalNode(JsonNode body, String field) throws AdminException {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !nodeIds.contains(v.asText())) {
            throw new AdminException(400, "\"" + field + "\" must be one of the cluster's nodes " + nodeIds);
        }
        return v.asText();
    }

    private static long number(JsonNode body, String field, long min, long max, boolean required) throws AdminException {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new AdminException(400, "\"" + field + "\" is required");
            }
            return 0;
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new AdminException(400, "\"" + field + "\" must be a whole number within " + min + ".." + max);
        }
        return v.asLong();
    }
}
