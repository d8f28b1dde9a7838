package dev.chorus.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.chorus.cli.CliRun.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad arguments give one line on stderr, nothing on stdout, and exit 2; none of these needs a cluster. */
class UsageErrorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"frobnicate", "put only-key", "put k v extra", "bench --duration soon", "bench --bogus",
            "fault", "fault frobnicate", "node list --bogus", "scan --limit many", "init-local --nodes"})
    void oneLineAndExitTwo(String commandLine) {
        CliRun r = chorus(commandLine.split(" "));
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("chorus: "), r.err());
    }

    @Test
    void theLineNamesTheProblemAndWhereTheHelpIs() {
        assertEquals("chorus: Unknown option: '--bogus'; see 'chorus bench --help'\n", chorus("bench", "--bogus").err());
        assertEquals("chorus: Missing required parameter: 'VALUE'; see 'chorus put --help'\n", chorus("put", "only-key").err());
        assertEquals("chorus: Unknown option: '--jsn' (did you mean --json?); see 'chorus bench --help'\n",
                chorus("bench", "--jsn").err());
    }
}
