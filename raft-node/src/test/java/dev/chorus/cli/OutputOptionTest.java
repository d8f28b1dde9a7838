package dev.chorus.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.chorus.cli.CliRun.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -o json} / {@code --output json} is {@code --json} and {@code -o text} the default, on every command that
 * prints data: every command with {@code --json} has both, through the one {@link JsonOption} mixin. The txn layer
 * runs this again with its commands on the class path.
 */
public class OutputOptionTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        JsonOption json;

        @Override
        public void run() {
        }
    }

    private static boolean jsonWith(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.json.enabled();
    }

    @Test
    public void dashOJsonIsDashDashJsonAndTextIsTheDefault() {
        assertFalse(jsonWith());
        assertTrue(jsonWith("--json"));
        assertTrue(jsonWith("-o", "json"));
        assertTrue(jsonWith("-ojson"));
        assertTrue(jsonWith("--output=json"));
        assertFalse(jsonWith("-o", "text"));
    }

    @Test
    public void anUnknownFormatIsAUsageError() {
        CliRun r = chorus("get", "k", "-o", "yaml");
        assertEquals(ExitCodes.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("yaml") && r.err().contains("json"), r.err());
    }

    @Test
    public void everyCommandWithJsonAlsoTakesDashO() {
        List<String> withJson = new ArrayList<>();
        walk(ChorusCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), "", withJson);
        assertTrue(withJson.size() > 10, withJson.toString());
    }

    private static void walk(CommandLine command, String path, List<String> withJson) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        if (spec.findOption("--json") != null) {
            withJson.add(path.trim());
            assertTrue(spec.findOption("-o") != null && spec.findOption("--output") != null, path + " has --json but not -o");
        }
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            walk(sub.getValue(), path + " " + sub.getKey(), withJson);
        }
    }
}
