package dev.chorus.process;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads, from a node's log, the one line that says why its last run ended, if it ended in a failure. Only the lines
 * after the last start marker count (earlier runs may have failed for reasons since fixed), and a run that was
 * stopped on purpose (a stop or kill marker) has no cause.
 *
 * <p>What counts, in order:
 * <ol>
 * <li>The process's last words: {@code chorus-node: ...} (NodeMain's reason for giving up), the JVM's
 *     {@code Terminating due to java.lang.OutOfMemoryError: ...}, an uncaught exception in {@code main}, a JVM
 *     crash banner. If that line is itself vague (jraft's "please see the logs to find the reason"), the last
 *     specific failure before it is the cause.</li>
 * <li>For a node that died before it was up and left no last words: the last exception or jraft status message in
 *     the run logged at ERROR (or printed on its own), else its last ERROR line, else (the JVM never ran our code)
 *     the JVM launcher's own complaint.</li>
 * </ol>
 * A node that was up and left no last words was killed from outside (kill -9, the kernel's OOM killer, a crash
 * failpoint's halt): nothing in its log is the cause, and none is reported. Trouble with peers (bolt's "Connection
 * is null when do check", failed connects, RPCs and replicators to peers that are down) never counts, whatever its
 * level: every node logs it while its peers start or stop. Nor do stack frames, or exceptions logged under a WARN or
 * INFO line.
 */
public final class NodeLogCause {
    static final int MAX_LENGTH = 300;

    private static final Pattern LOG_LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (ERROR|WARN|INFO|DEBUG|TRACE) \\S+ - (.*)");
    private static final Pattern EXCEPTION = Pattern.compile(
            "(?:Caused by: |Exception in thread \"[^\"]*\" )?((?:[A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*(?:Exception|Error|Throwable))(?:: (.*))?");
    private static final Pattern STATUS = Pattern.compile("Status\\[\\w+<-?\\d+>: ([^\\]]+)\\]");
    private static final Pattern STACK = Pattern.compile("\\s+at .*|\\s*\\.\\.\\. \\d+ (more|common frames omitted)|\\s*Suppressed: .*");
    /**
     * Trouble talking to a peer (connections, RPCs, replicators, votes and appends it did not answer, a peer that
     * does not host the group yet): every node logs it, some at ERROR, while its peers start, stop or move, and it
     * never ends this node's run.
     */
    private static final Pattern NOISE = Pattern.compile(".*((?i:connect|replicator)|RPC|RemotingException|check failed\\. address"
            + "|The address is|Peer id not found|peer=|(to|for) \\d{1,3}(\\.\\d{1,3}){3}:\\d+"
            + "|(RequestVote|PreVote|AppendEntries|InstallSnapshot|TimeoutNow|ReadIndex)\\w* to ).*");
    /** NodeMain prints this once the node is up; a failure before it is a failure to start. */
    private static final Pattern UP = Pattern.compile("node \\S+ running \\(pid \\d+\\)");
    private static final Pattern NODE_MAIN_PREFIX = Pattern.compile("chorus-node: (cannot start node \\S+: )?");
    /** The JVM launcher's lines that only say it gave up, not why. */
    private static final Set<String> GENERIC = Set.of("Error: Could not create the Java Virtual Machine.",
            "Error: A fatal exception has occurred. Program will exit.", "Error occurred during initialization of VM");

    private NodeLogCause() {
    }

    /** @param log the log's lines (or its tail), oldest first */
    public static Optional<ExitCause> of(List<String> log) {
        int start = lastIndex(log, NodeLog::isStartMarker);
        List<String> run = log.subList(start + 1, log.size());
        if (run.stream().anyMatch(NodeLog::isStopMarker)) {
            return Optional.empty();
        }
        // Without a start marker in view the run began long ago: it was up, whatever happened since.
        int up = start < 0 ? 0 : lastIndex(run, l -> UP.matcher(l).matches());
        for (int i = run.size() - 1; i >= 0; i--) {
            String last = lastWords(run, i);
            if (last != null) {
                boolean duringStartUp = start >= 0 && (up < 0 || i < up);
                String specific = vague(last) ? lastFailure(run.subList(0, i)) : null;
                return Optional.of(cause(specific != null ? specific : last, duringStartUp));
            }
        }
        if (up >= 0) {
            return Optional.empty();
        }
        String failure = lastFailure(run);
        if (failure != null) {
            return Optional.of(cause(failure, true));
        }
        if (run.stream().noneMatch(l -> LOG_LINE.matcher(l).matches())) {
            for (int i = run.size() - 1; i >= 0; i--) {
                String l = run.get(i).strip();
                if (!l.isEmpty() && !GENERIC.contains(l) && !STACK.matcher(run.get(i)).matches()) {
                    Matcher e = EXCEPTION.matcher(l);
                    return Optional.of(cause(e.matches() ? exception(e) : l, true));
                }
            }
        }
        return Optional.empty();
    }

    /** The cause if line {@code i} is one a dying process writes as it ends, else null. */
    private static String lastWords(List<String> run, int i) {
        String line = run.get(i);
        if (line.startsWith("Terminating due to ") || line.startsWith("Aborting due to ")) {
            return line.strip(); // -XX:+ExitOnOutOfMemoryError, -XX:+CrashOnOutOfMemoryError
        }
        Matcher nodeMain = NODE_MAIN_PREFIX.matcher(line);
        if (nodeMain.lookingAt()) {
            return line.substring(nodeMain.end()).strip();
        }
        if (line.startsWith("Exception in thread \"main\" ")) {
            Matcher e = EXCEPTION.matcher(line.strip());
            return e.matches() ? exception(e) : line.strip();
        }
        if (line.contains("A fatal error has been detected by the Java Runtime Environment")) {
            for (int j = i + 1; j < run.size(); j++) {
                String detail = run.get(j).replaceFirst("^#\\s*", "").strip();
                if (!detail.isEmpty()) {
                    return "the JVM crashed: " + detail;
                }
            }
            return "the JVM crashed";
        }
        return null;
    }

    private static boolean vague(String cause) {
        return cause.toLowerCase().contains("see the log");
    }

    /**
     * The last exception or jraft status message in {@code lines} that counts, else the last ERROR line that is not
     * peer trouble. An exception or status counts if it stands alone (stderr, an uncaught exception) or belongs to an
     * ERROR line: one printed under a WARN or INFO line is one its code shrugged off.
     */
    private static String lastFailure(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (STACK.matcher(line).matches() || NOISE.matcher(line).matches()) {
                continue;
            }
            Matcher status = STATUS.matcher(line);
            Matcher e = EXCEPTION.matcher(line.strip());
            boolean found = status.find();
            if ((found || e.matches()) && counts(owner(lines, i))) {
                return found ? status.group(1).strip() : exception(e);
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher log = LOG_LINE.matcher(lines.get(i));
            if (log.matches() && log.group(1).equals("ERROR") && !NOISE.matcher(lines.get(i)).matches()) {
                return log.group(2).strip();
            }
        }
        return null;
    }

    private static boolean counts(String owner) {
        if (owner == null) {
            return true;
        }
        Matcher log = LOG_LINE.matcher(owner);
        return log.matches() && log.group(1).equals("ERROR") && !NOISE.matcher(owner).matches();
    }

    /**
     * The log line that line {@code i} belongs to: itself if it is one, else the one whose stack trace it is part of;
     * null for output of its own (the JVM's or NodeMain's stderr, an uncaught exception).
     */
    private static String owner(List<String> lines, int i) {
        for (int j = i; j >= 0; j--) {
            String line = lines.get(j);
            if (LOG_LINE.matcher(line).matches()) {
                return line;
            }
            boolean partOfTrace = STACK.matcher(line).matches() || EXCEPTION.matcher(line.strip()).matches()
                    || STATUS.matcher(line).find();
            if (line.startsWith("Exception in thread ") || !partOfTrace) {
                return null;
            }
        }
        return null;
    }

    private static String exception(Matcher e) {
        return e.group(2) == null ? e.group(1) : e.group(1) + ": " + e.group(2).strip();
    }

    private static ExitCause cause(String message, boolean duringStartUp) {
        String oneLine = message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH - 1) + "…";
        return new ExitCause(oneLine, duringStartUp);
    }

    private static int lastIndex(List<String> lines, Predicate<String> p) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
