package dev.chorus.faults;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The active link faults as this node knows them, and the decision for each message crossing a link. Every node
 * holds the whole table but enforces only the links that start or end at itself. The table is saved in the node's
 * data directory on every change, so a killed and restarted node keeps its faults until they are healed.
 */
public final class FaultTable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultTable.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to do with one message. {@code delayMs} is meaningful only for DELAY. */
    public record Decision(Action action, long delayMs) {
        static final Decision PASS = new Decision(Action.PASS, 0);
        static final Decision DROP = new Decision(Action.DROP, 0);
    }

    public enum Action { PASS, DROP, DELAY }

    private final Path file;
    private final Map<String, LinkFault> links = new ConcurrentHashMap<>();

    /** @param file where the table persists, or null to keep it in memory only */
    public FaultTable(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                for (LinkFault f : JSON.readValue(file.toFile(), new TypeReference<List<LinkFault>>() {
                })) {
                    links.put(key(f.from(), f.to()), f);
                }
            } catch (IOException e) {
                LOG.warn("ignoring unreadable fault table {}: {}", file, e.getMessage());
            }
        }
    }

    private static String key(String from, String to) {
        return from + "\u0000" + to;
    }

    public Decision decide(String from, String to) {
        if (links.isEmpty() || from == null || to == null) {
            return Decision.PASS;
        }
        LinkFault f = links.get(key(from, to));
        if (f == null) {
            return Decision.PASS;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (f.cut() || (f.dropRate() > 0 && random.nextDouble() < f.dropRate())) {
            return Decision.DROP;
        }
        if (f.delayMs() > 0 || f.jitterMs() > 0) {
            long jitter = f.jitterMs() > 0 ? random.nextLong(-f.jitterMs(), f.jitterMs() + 1) : 0;
            return new Decision(Action.DELAY, Math.max(0, f.delayMs() + jitter));
        }
        return Decision.PASS;
    }

    /** Adds faults; a link that already has one gets the new settings on top (a cut stays a cut). */
    public synchronized void add(List<LinkFault> faults) {
        for (LinkFault f : faults) {
            links.merge(key(f.from(), f.to()), f, LinkFault::merge);
        }
        save();
    }

    /** Removes every fault, or those on the links between {@code a} and {@code b} (both directions). */
    public synchronized List<LinkFault> heal(String a, String b) {
        List<LinkFault> healed = new ArrayList<>();
        links.entrySet().removeIf(e -> {
            LinkFault f = e.getValue();
            boolean match = a == null || (f.from().equals(a) && f.to().equals(b)) || (f.from().equals(b) && f.to().equals(a));
            if (match) {
                healed.add(f);
            }
            return match;
        });
        save();
        return healed;
    }

    public List<LinkFault> list() {
        List<LinkFault> out = new ArrayList<>(links.values());
        out.sort(Comparator.comparing(LinkFault::from).thenComparing(LinkFault::to));
        return out;
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), list());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot save fault table {}: {}", file, e.getMessage());
        }
    }
}
