package dev.chorus.txn.cli;

import dev.chorus.cli.HelpOnEveryCommandTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The help walk of the core CLI, run again with the txn layer's commands added through {@code CliExtension}. */
class TxnCliHelpTest extends HelpOnEveryCommandTest {

    @Test
    void theTreeHasTheExtensionCommands() {
        List<List<String>> paths = commandPaths();
        for (List<String> expected : List.of(List.of("txn"), List.of("txns"), List.of("bank", "run"),
                List.of("saga", "recover"), List.of("sagas"), List.of("tccs"))) {
            assertTrue(paths.contains(expected), expected + " in " + paths);
        }
    }
}
