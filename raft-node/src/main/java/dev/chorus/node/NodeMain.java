package dev.chorus.node;

import dev.chorus.config.ClusterConfig;
import dev.chorus.config.ClusterConfigLoader;
import dev.chorus.config.ConfigException;
import dev.chorus.security.JraftClientTls;
import dev.chorus.security.TlsIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Entry point of a node process: {@code java -cp chorus.jar dev.chorus.node.NodeMain --cluster FILE --node ID}. */
@Command(name = "chorus-node", mixinStandardHelpOptions = true, description = "Runs one Chorus node.")
public final class NodeMain implements Callable<Integer> {

    @Option(names = "--cluster", required = true, description = "cluster file (JSON)")
    Path clusterFile;

    @Option(names = "--node", required = true, description = "id of the node to run, as in the cluster file")
    String nodeId;

    public static void main(String[] args) {
        dev.chorus.runtime.QuietLibraries.apply();
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }

    /** {@code CHORUS_FAILPOINTS=a,b}: failpoints armed before the node's replicas start (fault injection only). */
    private static java.util.List<String> failpointsFromEnvironment() {
        String names = System.getenv("CHORUS_FAILPOINTS");
        if (names == null) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    @Override
    public Integer call() throws InterruptedException {
        ChorusNode node;
        try {
            ClusterConfig config = ClusterConfigLoader.load(clusterFile);
            // Before any jraft client exists: bolt reads their TLS settings once per connection from the JVM.
            if (config.node(nodeId).isPresent()) {
                TlsIdentity.node(config, nodeId).ifPresent(JraftClientTls::install);
            }
            node = new ChorusNode(config, nodeId);
            node.armAtStart(failpointsFromEnvironment());
            node.start();
        } catch (ConfigException e) {
            System.err.println("chorus-node: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("chorus-node: cannot start node " + nodeId + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.stop();
            stopped.countDown();
        }, "chorus-shutdown"));
        System.out.println("node " + nodeId + " running (pid " + ProcessHandle.current().pid() + ")");
        stopped.await();
        return 0;
    }
}
