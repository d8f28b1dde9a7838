package dev.chorus.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.chorus.routing.Keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and fully validates a cluster file. Every problem becomes a {@link ConfigException} with one line naming it;
 * nothing is written to disk here.
 */
public final class ClusterConfigLoader {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ClusterConfigLoader() {
    }

    public static ClusterConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cluster file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read cluster file " + file + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, base, file.toString());
    }

    public static ClusterConfig parse(String json, Path baseDir, String sourceName) throws ConfigException {
        ClusterFile raw;
        try {
            raw = JSON.readValue(json, ClusterFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(sourceName + ": unknown field '" + e.getPropertyName() + "'" + at(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName + ": malformed JSON" + at(e) + ": " + e.getOriginalMessage());
        }
        if (raw == null) {
            throw new ConfigException(sourceName + ": empty cluster file");
        }
        try {
            return validate(raw, baseDir);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(sourceName + ": " + e.getMessage());
        }
    }

    public static void write(ClusterFile file, Path path) throws IOException {
        Files.writeString(path, JSON.writeValueAsString(file));
    }

    public static String toJson(ClusterFile file) {
        try {
            return JSON.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
    }

    private static ClusterConfig validate(ClusterFile raw, Path baseDir) {
        String name = raw.name() == null ? "chorus" : raw.name();
        if (!ID.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name '" + name + "' must match " + ID.pattern());
        }
        List<NodeSpec> nodes = validateNodes(raw.nodes());
        Set<String> nodeIds = new HashSet<>();
        nodes.forEach(n -> nodeIds.add(n.id()));
        List<GroupSpec> groups = validateGroups(raw.groups(), nodeIds);
        RaftSettings raft = raftSettings(raw.raft());
        Limits limits = limits(raw.limits());
        boolean faults = raw.faultInjection() != null && raw.faultInjection();
        Path tokenFile = raw.adminTokenFile() == null || raw.adminTokenFile().isBlank() ? null
                : baseDir.resolve(raw.adminTokenFile()).normalize();
        Path tlsDir = raw.tlsDir() == null || raw.tlsDir().isBlank() ? null : baseDir.resolve(raw.tlsDir()).normalize();
        boolean insecure = raw.insecure() != null && raw.insecure();
        if (tlsDir != null && insecure) {
            throw new IllegalArgumentException("\"tlsDir\" and \"insecure\": true contradict each other; keep one");
        }
        return new ClusterConfig(name, nodes, groups, raft, limits, faults, tokenFile, baseDir, tlsDir, insecure);
    }

    private static List<NodeSpec> validateNodes(List<NodeSpec> nodes) {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes defined");
        }
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (NodeSpec n : nodes) {
            if (n == null || n.id() == null) {
                throw new IllegalArgumentException("a node has no id");
            }
            if (!ID.matcher(n.id()).matches()) {
                throw new IllegalArgumentException("node id '" + n.id() + "' must match " + ID.pattern());
            }
            if (!ids.add(n.id())) {
                throw new IllegalArgumentException("duplicate node id '" + n.id() + "'");
            }
            for (String[] field : new String[][]{{"raftAddress", n.raftAddress()}, {"adminAddress", n.adminAddress()},
                    {"etcdAddress", n.etcdAddress()}}) {
                if (field[0].equals("etcdAddress") && (field[1] == null || field[1].isBlank())) {
                    continue; // optional: no etcd API on this node
                }
                HostPort hp;
                try {
                    hp = HostPort.parse(field[1]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("node '" + n.id() + "' " + field[0] + ": " + e.getMessage());
                }
                if (!addresses.add(hp.toString())) {
                    throw new IllegalArgumentException("node '" + n.id() + "' " + field[0] + " " + hp + " is already used");
                }
            }
        }
        return List.copyOf(nodes);
    }

    private static List<GroupSpec> validateGroups(List<GroupSpec> groups, Set<String> nodeIds) {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("no groups defined");
        }
        Set<String> ids = new HashSet<>();
        for (GroupSpec g : groups) {
            if (g == null || g.id() == null) {
                throw new IllegalArgumentException("a group has no id");
            }
            if (!ID.matcher(g.id()).matches()) {
                throw new IllegalArgumentException("group id '" + g.id() + "' must match " + ID.pattern());
            }
            if (!ids.add(g.id())) {
                throw new IllegalArgumentException("duplicate group id '" + g.id() + "'");
            }
            if (g.range() == null || g.range().start() == null || g.range().end() == null) {
                throw new IllegalArgumentException("group '" + g.id() + "' needs a range with start and end (\"\" = unbounded)");
            }
            if (g.replicas() == null || g.replicas().isEmpty()) {
                throw new IllegalArgumentException("group '" + g.id() + "' has no replicas");
            }
            Set<String> seen = new HashSet<>();
            for (String r : g.replicas()) {
                if (!nodeIds.contains(r)) {
                    throw new IllegalArgumentException("group '" + g.id() + "' names unknown replica node '" + r + "'");
                }
                if (!seen.add(r)) {
                    throw new IllegalArgumentException("group '" + g.id() + "' lists replica '" + r + "' twice");
                }
            }
            if (g.preferredLeader() != null && !g.replicas().contains(g.preferredLeader())) {
                throw new IllegalArgumentException("group '" + g.id() + "' prefers leader '" + g.preferredLeader()
                        + "', which is not one of its replicas");
            }
        }
        List<GroupSpec> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparing(g -> Keys.utf8(g.range().start()), Keys::compare));
        if (!sorted.get(0).range().start().isEmpty()) {
            throw new IllegalArgumentException("key ranges leave a gap: no group starts at the beginning of the key space (start \"\")");
        }
        for (int i = 0; i < sorted.size(); i++) {
            GroupSpec g = sorted.get(i);
            boolean last = i == sorted.size() - 1;
            String end = g.range().end();
            if (!end.isEmpty() && Keys.compare(Keys.utf8(g.range().start()), Keys.utf8(end)) >= 0) {
                throw new IllegalArgumentException("group '" + g.id() + "' has an empty range: start \"" + g.range().start()
                        + "\" is not below end \"" + end + "\"");
            }
            if (last) {
                if (!end.isEmpty()) {
                    throw new IllegalArgumentException("key ranges leave a gap: nothing covers keys from \"" + end + "\" on");
                }
            } else {
                GroupSpec next = sorted.get(i + 1);
                if (end.isEmpty()) {
                    throw new IllegalArgumentException("key ranges overlap: group '" + g.id() + "' is unbounded but group '"
                            + next.id() + "' starts at \"" + next.range().start() + "\"");
                }
                int c = Keys.compare(Keys.utf8(end), Keys.utf8(next.range().start()));
                if (c > 0) {
                    throw new IllegalArgumentException("key ranges overlap: groups '" + g.id() + "' and '" + next.id() + "'");
                }
                if (c < 0) {
                    throw new IllegalArgumentException("key ranges leave a gap between \"" + end + "\" and \""
                            + next.range().start() + "\"");
                }
            }
        }
        return List.copyOf(groups);
    }

    private static RaftSettings raftSettings(ClusterFile.Raft r) {
        RaftSettings d = RaftSettings.DEFAULT;
        if (r == null) {
            return d;
        }
        RaftSettings s = new RaftSettings(
                r.electionTimeoutMs() == null ? d.electionTimeoutMs() : r.electionTimeoutMs(),
                r.snapshotIntervalSecs() == null ? d.snapshotIntervalSecs() : r.snapshotIntervalSecs(),
                r.snapshotLogIndexMargin() == null ? d.snapshotLogIndexMargin() : r.snapshotLogIndexMargin(),
                r.sync() == null ? d.sync() : r.sync(),
                r.leaseReads() == null ? d.leaseReads() : r.leaseReads());
        if (s.electionTimeoutMs() < 100 || s.electionTimeoutMs() > 60_000) {
            throw new IllegalArgumentException("raft.electionTimeoutMs must be within 100..60000, got " + s.electionTimeoutMs());
        }
        if (s.snapshotLogIndexMargin() < 0) {
            throw new IllegalArgumentException("raft.snapshotLogIndexMargin must not be negative");
        }
        return s;
    }

    private static Limits limits(ClusterFile.LimitsFile l) {
        Limits d = Limits.DEFAULT;
        if (l == null) {
            return d;
        }
        Limits s = new Limits(
                l.maxKeyBytes() == null ? d.maxKeyBytes() : l.maxKeyBytes(),
                l.maxValueBytes() == null ? d.maxValueBytes() : l.maxValueBytes(),
                l.maxRequestBytes() == null ? d.maxRequestBytes() : l.maxRequestBytes(),
                l.maxScanLimit() == null ? d.maxScanLimit() : l.maxScanLimit());
        if (s.maxKeyBytes() < 1 || s.maxValueBytes() < 0 || s.maxScanLimit() < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (s.maxRequestBytes() < s.maxKeyBytes() + s.maxValueBytes()) {
            throw new IllegalArgumentException("limits.maxRequestBytes must hold at least one maximal key and value");
        }
        return s;
    }
}
