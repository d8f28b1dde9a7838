package dev.chorus.cli;

import org.junit.jupiter.api.Test;

import static dev.chorus.cli.CliRun.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code chorus --version} prints this build's version; {@code chorus completion} prints a bash completion script. */
class VersionAndCompletionTest {

    @Test
    void versionIsTheProjectVersion() {
        String projectVersion = System.getProperty("chorus.projectVersion");
        assertNotNull(projectVersion, "surefire sets chorus.projectVersion to ${project.version}");
        assertEquals(new CliRun(ExitCodes.OK, "chorus " + projectVersion + "\n", ""), chorus("--version"));
        assertEquals(new CliRun(ExitCodes.OK, "chorus " + projectVersion + "\n", ""), chorus("-V"));
    }

    @Test
    void completionPrintsABashScriptThatCompletesSubcommands() {
        CliRun completion = chorus("completion");
        assertEquals(ExitCodes.OK, completion.code(), completion.err());
        assertTrue(completion.out().startsWith("#!/usr/bin/env bash"), completion.out().lines().findFirst().orElse(""));
        assertTrue(completion.out().contains("complete -F _complete_chorus"), "registers the completion function");
        for (String command : new String[]{"put", "status", "fault", "isolate", "node", "completion"}) {
            assertTrue(completion.out().contains(command), command);
        }
    }
}
