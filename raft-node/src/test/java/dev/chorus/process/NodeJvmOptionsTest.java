package dev.chorus.process;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeJvmOptionsTest {
    @Test
    void withoutUserOptionsANodeGetsTheDefaultHeapG1AndExitsOnOutOfMemory() {
        List<String> expected = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");
        assertEquals(expected, NodeJvmOptions.of(null));
        assertEquals(expected, NodeJvmOptions.of("   "));
    }

    @Test
    void userOptionsComeAfterTheDefaultsAndExitOnOutOfMemoryComesLast() {
        assertEquals(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Dfoo=bar", "-XX:-ExitOnOutOfMemoryError", "-XX:+ExitOnOutOfMemoryError"),
                NodeJvmOptions.of(" -Dfoo=bar  -XX:-ExitOnOutOfMemoryError "));
    }

    @Test
    void anyHeapOptionOfTheUsersReplacesTheDefaultHeap() {
        // -Xms2g beside the default -Xmx1g would keep the JVM from starting.
        assertEquals(List.of("-XX:+UseG1GC", "-Xms2g", "-XX:+ExitOnOutOfMemoryError"), NodeJvmOptions.of("-Xms2g"));
        assertEquals(List.of("-XX:+UseG1GC", "-Xmx8m", "-XX:+ExitOnOutOfMemoryError"), NodeJvmOptions.of("-Xmx8m"));
        assertEquals(List.of("-XX:+UseG1GC", "-XX:MaxRAMPercentage=20", "-XX:+ExitOnOutOfMemoryError"),
                NodeJvmOptions.of("-XX:MaxRAMPercentage=20"));
    }

    @Test
    void aCollectorOfTheUsersReplacesG1() {
        // Two collectors on one command line also keep the JVM from starting.
        assertEquals(List.of("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError"),
                NodeJvmOptions.of("-XX:+UseParallelGC"));
    }
}
