package dev.chorus.cli;

import dev.chorus.process.LocalNodeProcesses;
import dev.chorus.process.NodeStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;


/**
 * {@code chorus node start|stop|kill|restart|pause|resume NODE} and {@code chorus node list}: the processes of a
 * cluster running on this machine, through the pid files in its directory; {@code chorus node clock NODE OFFSET} shifts
 * a node's wall clock (see {@link dev.chorus.process.ShiftableClocks}).
 */
@Command(name = "node", description = "Control the node processes of a local cluster.",
        subcommands = {NodeCommands.Action.class, NodeCommands.ListNodes.class, NodeCommands.Clock.class})
final class NodeCommands extends CommandGroup {

    /** {@code n1 running (pid 123)}, {@code n1 paused (pid 123)}, {@code n1 stopped}, {@code n2 stopped (failed to start: CAUSE)}. */
    static String line(LocalNodeProcesses.NodeProcess p) {
        String line = p.node() + " " + p.state().name().toLowerCase() + (p.pid() == null ? "" : " (pid " + p.pid() + ")");
        if (p.exit() != null) {
            line += " (" + (p.exit().duringStartUp() ? "failed to start: " : "exited: ") + p.exit().message() + ")";
        }
        return line;
    }

    /** Stale pid files are reported on stderr, one line each, as they are found. */
    static LocalNodeProcesses processes(ClusterCommand command) throws dev.chorus.config.ConfigException {
        return new LocalNodeProcesses(command.cluster().load(), command.err()::println);
    }

    @Command(name = "start", aliases = {"stop", "kill", "restart", "pause", "resume"},
            description = "start | stop (SIGTERM, SIGKILL after 15 s) | kill (SIGKILL) | restart | pause (SIGSTOP) | resume (SIGCONT) NODE")
    static final class Action extends ClusterCommand {
        @Parameters(paramLabel = "NODE")
        String node;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            LocalNodeProcesses processes = processes(this);
            String verb = spec.commandLine().getParseResult().originalArgs().stream()
                    .filter(a -> java.util.List.of("start", "stop", "kill", "restart", "pause", "resume").contains(a))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("use start, stop, kill, restart, pause or resume"));
            LocalNodeProcesses.NodeProcess result;
            try {
                result = switch (verb) {
                    case "start" -> processes.start(node);
                    case "stop" -> processes.stop(node);
                    case "kill" -> processes.kill(node);
                    case "restart" -> processes.restart(node);
                    case "pause" -> processes.pause(node);
                    default -> processes.resume(node);
                };
            } catch (IllegalStateException | NodeStartException e) {
                err().println("chorus: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            if (json.enabled()) {
                JsonOption.print(out(), result);
            } else {
                out().println(line(result));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "Each node's process state: running, paused or stopped (with why, when its last run failed).")
    static final class ListNodes extends ClusterCommand {
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            List<LocalNodeProcesses.NodeProcess> list = processes(this).list();
            if (json.enabled()) {
                JsonOption.print(out(), list);
                return ExitCodes.OK;
            }
            list.forEach(p -> out().println(line(p)));
            return ExitCodes.OK;
        }
    }

    /** The offset in one line, {@code n1 clock +30000 ms from the true time}, or JSON. */
    record ClockOffset(String node, long offsetMs) {
    }

    @Command(name = "clock", description = "Shift NODE's wall clock by OFFSET from the true time (+30s, -1500ms, 0); "
            + "needs a cluster started with --shiftable-clocks.")
    static final class Clock extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "NODE")
        String node;
        @Parameters(index = "1", paramLabel = "OFFSET", description = "+30s, -1500ms, 2m, 0 (back to the true time)")
        String offset;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            long offsetMs = signedMillis(offset);
            long now;
            try {
                now = processes(this).shiftClock(node, offsetMs);
            } catch (IllegalStateException e) {
                err().println("chorus: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            if (json.enabled()) {
                JsonOption.print(out(), new ClockOffset(node, now));
            } else {
                out().println(node + " clock " + (now > 0 ? "+" : "") + now + " ms from the true time");
            }
            return ExitCodes.OK;
        }

        static long signedMillis(String text) {
            String t = text.trim();
            if (t.equals("0")) {
                return 0;
            }
            boolean negative = t.startsWith("-");
            String magnitude = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            try {
                long ms = new DurationConverter().convert(magnitude).toMillis();
                return negative ? -ms : ms;
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new IllegalArgumentException("'" + text + "' is not a clock offset like +30s, -1500ms, 2m or 0");
            }
        }
    }
}
