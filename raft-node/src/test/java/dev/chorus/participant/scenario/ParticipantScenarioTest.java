package dev.chorus.participant.scenario;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs every scenario in {@code src/test/resources/scenarios/participant} against a fresh in-memory group
 * ({@link ScenarioGroup}) and compares each command's output with the expected block. With {@code -Drewrite=true}
 * the files are rewritten with the actual outputs instead (then review the diff), like datadriven's
 * {@code -rewrite}: {@code mvn -B -o -pl raft-node surefire:test -Dtest=ParticipantScenarioTest -Drewrite=true}
 * (surefire hands Maven's user properties to the test JVM).
 */
class ParticipantScenarioTest {
    /** Relative to the module: surefire runs the tests there, and rewriting must change the sources, not a copy. */
    private static final Path SCENARIOS = Path.of("src", "test", "resources", "scenarios", "participant");

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SCENARIOS)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    private static void run(Path file) throws IOException {
        String name = file.getFileName().toString();
        ScenarioFile scenario = ScenarioFile.parse(name, Files.readString(file, StandardCharsets.UTF_8));
        ScenarioGroup group = new ScenarioGroup();
        List<List<String>> outputs = new ArrayList<>();
        for (ScenarioFile.Case c : scenario.cases()) {
            List<String> actual;
            try {
                actual = group.run(c.command());
            } catch (RuntimeException e) {
                actual = List.of("error: " + e.getMessage());
            }
            outputs.add(actual);
            if (!Boolean.getBoolean("rewrite")) {
                assertEquals(String.join("\n", c.expected()), String.join("\n", actual),
                        name + ":" + c.line() + ": " + c.command());
            }
        }
        if (Boolean.getBoolean("rewrite")) {
            Files.writeString(file, scenario.render(outputs), StandardCharsets.UTF_8);
        }
    }
}
