package dev.chorus.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cause extraction on node logs. The samples in {@code resources/dev/chorus/process/logs} are real: each is one run
 * of a node of a local cluster, captured from DIR/logs/NODE.log (the raft or admin port held by another process, a
 * corrupt snapshot, a 8 MB heap, a node that was up and then killed while its peers were down).
 */
class NodeLogCauseTest {

    private static List<String> sample(String name) throws IOException {
        try (InputStream in = NodeLogCauseTest.class.getResourceAsStream("logs/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        Arrays.stream(parts).forEach(out::addAll);
        return out;
    }

    private static Optional<ExitCause> cause(List<String> log) {
        return NodeLogCause.of(log);
    }

    @Test
    void aTakenRaftPortIsTheCauseNotTheShutdownChatterAfterIt() throws IOException {
        assertEquals(Optional.of(new ExitCause("cannot listen on raft address 127.0.0.1:24302: bind(..) failed: Address already in use", true)),
                cause(sample("raft-port-in-use")));
    }

    @Test
    void aTakenAdminPortIsTheCause() throws IOException {
        assertEquals(Optional.of(new ExitCause("cannot listen on admin address 127.0.0.1:25303: java.net.BindException: Address already in use", true)),
                cause(sample("admin-port-in-use")));
    }

    @Test
    void aVagueLastWordGivesWayToTheLastSpecificFailureBeforeIt() throws IOException {
        // NodeMain's last words are jraft's "Fail to init node, please see the logs to find the reason."
        assertEquals(Optional.of(new ExitCause("StateMachine onSnapshotLoad failed", true)), cause(sample("snapshot-load-failed")));
    }

    @Test
    void anOutOfMemoryErrorDuringStartUpIsTheCause() throws IOException {
        assertEquals(Optional.of(new ExitCause("Terminating due to java.lang.OutOfMemoryError: Java heap space", true)),
                cause(sample("out-of-memory")));
    }

    @Test
    void anOutOfMemoryErrorAfterTheNodeWasUpIsAnExitNotAFailureToStart() throws IOException {
        List<String> log = concat(sample("up-then-killed"), List.of("Terminating due to java.lang.OutOfMemoryError: Java heap space"));
        assertEquals(Optional.of(new ExitCause("Terminating due to java.lang.OutOfMemoryError: Java heap space", false)), cause(log));
    }

    @Test
    void aNodeThatWasUpAndLeftNoLastWordsHasNoCauseWhateverChatterItLogged() throws IOException {
        List<String> log = sample("up-then-killed");
        assertTrue(log.stream().anyMatch(l -> l.contains("ERROR log - Exception occurred in async create connection thread")),
                "the sample has ERROR-level connection chatter");
        assertTrue(log.stream().anyMatch(l -> l.contains("Connection is null when do check")));
        assertEquals(Optional.empty(), cause(log));
    }

    @Test
    void connectionChatterBeforeANodeIsUpIsNotACause() throws IOException {
        // The same run without NodeMain's "running" line: as if the node had been killed while still starting, with
        // its peers down (the chatter after that line is what a node logs while its peers are down).
        List<String> log = new ArrayList<>(sample("up-then-killed"));
        assertTrue(log.removeIf(l -> l.matches("node n3 running \\(pid \\d+\\)")));
        assertTrue(log.stream().anyMatch(l -> l.contains("Connection is null when do check")));
        assertEquals(Optional.empty(), cause(log));
    }

    @Test
    void onlyTheLinesSinceTheLastStartMarkerCount() throws IOException {
        assertEquals(Optional.empty(), cause(concat(sample("raft-port-in-use"), sample("up-then-killed"))),
                "an earlier failed start was fixed since");
        assertEquals(Optional.of(new ExitCause("cannot listen on raft address 127.0.0.1:24302: bind(..) failed: Address already in use", true)),
                cause(concat(sample("up-then-killed"), sample("raft-port-in-use"))));
    }

    @Test
    void aRunStoppedOnPurposeHasNoCause() throws IOException {
        List<String> log = concat(sample("up-then-killed"), List.of(
                "=== 2026-11-28T18:45:53.164282577Z stopping node n3 (SIGTERM to pid 16392)",
                "2026-11-28 18:45:53.200 ERROR ChorusNode - node n3: something failed while stopping"));
        assertEquals(Optional.empty(), cause(log));
        List<String> killed = concat(sample("raft-port-in-use").subList(0, 3),
                List.of("=== 2026-11-28T18:45:53.164282577Z killing node n2 (SIGKILL to pid 16392)"));
        assertEquals(Optional.empty(), cause(killed));
    }

    @Test
    void aConfigurationErrorIsTheCause() {
        List<String> log = List.of("=== 2026-11-28T18:45:01.156543957Z starting node n1",
                "chorus-node: data dir /tmp/c/data/n1 is in use by another running node");
        assertEquals(Optional.of(new ExitCause("data dir /tmp/c/data/n1 is in use by another running node", true)), cause(log));
    }

    @Test
    void anUncaughtExceptionInMainIsTheCauseAndItsStackIsNot() {
        List<String> log = List.of("=== 2026-11-28T18:45:01.156543957Z starting node n1",
                "Exception in thread \"main\" java.lang.IllegalStateException: no replica directory",
                "\tat dev.chorus.node.ChorusNode.start(ChorusNode.java:140)",
                "\tat dev.chorus.node.NodeMain.call(NodeMain.java:38)");
        assertEquals(Optional.of(new ExitCause("java.lang.IllegalStateException: no replica directory", true)), cause(log));
    }

    @Test
    void whenTheJvmItselfRefusesToStartItsOwnComplaintIsTheCause() {
        String marker = "=== 2026-11-28T18:45:01.156543957Z starting node n1";
        // Real outputs of java -Xmx1q, -Xmx1m and a class path without the node.
        assertEquals(Optional.of(new ExitCause("Invalid maximum heap size: -Xmx1q", true)), cause(List.of(marker,
                "Invalid maximum heap size: -Xmx1q", "Error: Could not create the Java Virtual Machine.",
                "Error: A fatal exception has occurred. Program will exit.")));
        assertEquals(Optional.of(new ExitCause("Too small maximum heap", true)), cause(List.of(marker,
                "Error occurred during initialization of VM", "Too small maximum heap")));
        assertEquals(Optional.of(new ExitCause("java.lang.ClassNotFoundException: dev.chorus.node.NodeMain", true)), cause(List.of(marker,
                "Error: Could not find or load main class dev.chorus.node.NodeMain",
                "Caused by: java.lang.ClassNotFoundException: dev.chorus.node.NodeMain")));
    }

    @Test
    void aNodeThatDiedStartingWithoutLastWordsIsExplainedByItsLastError() {
        List<String> log = List.of("=== 2026-11-28T18:45:01.156543957Z starting node n1",
                "2026-11-28 18:45:02.833 WARN log - Prepare to start server on port 24302 ",
                "2026-11-28 18:45:03.001 ERROR KvStateMachine - group g2: snapshot load failed",
                "dev.chorus.storage.StorageException: cannot open state store /d/state: IO error: No space left on device",
                "\tat dev.chorus.storage.GroupStore.open(GroupStore.java:80)",
                "Caused by: org.rocksdb.RocksDBException: IO error: No space left on device",
                "\t... 9 more",
                "2026-11-28 18:45:03.010 WARN log - check failed. address: 127.0.0.1:24301, connection: null",
                "com.alipay.remoting.exception.RemotingException: Connection is null when do check!",
                "\tat com.alipay.remoting.DefaultConnectionManager.check(DefaultConnectionManager.java:354)");
        assertEquals(Optional.of(new ExitCause("org.rocksdb.RocksDBException: IO error: No space left on device", true)), cause(log));
    }

    @Test
    void withoutAStartMarkerInViewTheNodeWasUpLongAgo() throws IOException {
        List<String> cut = sample("up-then-killed").subList(1, 400);
        assertEquals(Optional.empty(), cause(cut));
        assertEquals(Optional.of(new ExitCause("Terminating due to java.lang.OutOfMemoryError: Java heap space", false)),
                cause(concat(cut, List.of("Terminating due to java.lang.OutOfMemoryError: Java heap space"))));
    }

    @Test
    void theJvmsCrashBannerIsTheCause() {
        List<String> log = List.of("=== 2026-11-28T18:45:01.156543957Z starting node n1", "node n1 running (pid 4242)",
                "#", "# A fatal error has been detected by the Java Runtime Environment:", "#",
                "#  SIGSEGV (0xb) at pc=0x00007f3a1c2b3c4d, pid=4242, tid=4250", "#");
        assertEquals(Optional.of(new ExitCause("the JVM crashed: SIGSEGV (0xb) at pc=0x00007f3a1c2b3c4d, pid=4242, tid=4250", false)),
                cause(log));
    }

    @Test
    void causesAreOneBoundedLine() {
        String longMessage = "x".repeat(1000);
        ExitCause c = cause(List.of("=== 2026-11-28T18:45:01.156543957Z starting node n1", "chorus-node: " + longMessage)).orElseThrow();
        assertEquals(NodeLogCause.MAX_LENGTH, c.message().length());
        assertEquals(Optional.empty(), cause(List.of()));
        assertEquals(Optional.empty(), cause(List.of("=== 2026-11-28T18:45:01.156543957Z starting node n1")),
                "a node that is still starting has not failed");
    }
}
