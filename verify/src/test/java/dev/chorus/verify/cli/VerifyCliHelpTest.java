package dev.chorus.verify.cli;

import dev.chorus.cli.HelpOnEveryCommandTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The help walk of the core CLI, run again with the verify commands added through {@code CliExtension}. */
class VerifyCliHelpTest extends HelpOnEveryCommandTest {

    @Test
    void theTreeHasTheVerifyCommands() {
        List<List<String>> paths = commandPaths();
        for (String workload : List.of("check", "register", "set", "bank", "list-append")) {
            assertTrue(paths.contains(List.of("verify", workload)), workload + " in " + paths);
        }
    }
}
