package dev.chorus.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.chorus.cli.CliRun.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -h} and {@code --help} work on every command of the tree, walked from the root so that commands added later
 * (extensions' included: the txn layer runs this test again with its commands on the class path) are covered.
 */
public class HelpOnEveryCommandTest {

    /** Every command path of the tree ({@code [fault, list]}, ...), aliases included, the root excluded. */
    protected static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(ChorusCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), List.of(), paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            paths.add(subPath);
            collect(sub.getValue(), subPath, paths);
        }
    }

    @TestFactory
    public Stream<DynamicTest> helpExitsZeroOnEveryCommand() {
        return commandPaths().stream().flatMap(path -> Stream.of("-h", "--help").map(flag -> {
            List<String> args = new ArrayList<>(path);
            args.add(flag);
            return DynamicTest.dynamicTest(String.join(" ", args), () -> {
                CliRun help = chorus(args.toArray(String[]::new));
                assertEquals(new CliRun(ExitCodes.OK, help.out(), ""), help);
                assertTrue(help.out().startsWith("Usage: chorus "), help.out());
                assertTrue(help.out().contains("--help"), help.out());
            });
        }));
    }

    @Test
    public void theTreeHasTheCoreCommandsAndTheirSubcommands() {
        List<List<String>> paths = commandPaths();
        for (List<String> expected : List.of(List.of("put"), List.of("bench"), List.of("fault", "list"),
                List.of("node", "list"), List.of("member", "add"), List.of("completion"))) {
            assertTrue(paths.contains(expected), expected + " in " + paths);
        }
    }

    @Test
    public void rootHelpToo() {
        assertEquals(ExitCodes.OK, chorus("--help").code());
        assertEquals(ExitCodes.OK, chorus("-h").code());
    }
}
