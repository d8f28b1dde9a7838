package dev.chorus.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.chorus.cli.CliRun.chorus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --dir} and {@code --cluster} are global: accepted before or after the subcommand, at any depth. */
class GlobalOptionsTest {
    private static final String NODE_IDS = "n1\nn2\nn3\n";
    @TempDir
    static Path tmp;
    private static String dir;

    @BeforeAll
    static void writeClusterFile() {
        dir = tmp.resolve("cluster").toString();
        CliRun init = chorus("--dir", dir, "init-local");
        assertEquals(0, init.code(), init.err());
        assertTrue(Files.exists(tmp.resolve("cluster").resolve(ClusterOptions.CLUSTER_FILE)));
    }

    @Test
    void dirBeforeOrAfterTheSubcommand() {
        assertEquals(new CliRun(0, NODE_IDS, ""), chorus("--dir", dir, "node-ids"));
        assertEquals(new CliRun(0, NODE_IDS, ""), chorus("node-ids", "--dir", dir));
        assertEquals(new CliRun(0, NODE_IDS, ""), chorus("node-ids", "--dir=" + dir));
    }

    @Test
    void clusterBeforeOrAfterTheSubcommand() {
        String file = Path.of(dir, ClusterOptions.CLUSTER_FILE).toString();
        assertEquals(new CliRun(0, NODE_IDS, ""), chorus("--cluster", file, "node-ids"));
        assertEquals(new CliRun(0, NODE_IDS, ""), chorus("node-ids", "--cluster", file));
    }

    @Test
    void globalOptionsReachNestedSubcommandsFromAnyLevel() {
        String stopped = "n1 stopped\nn2 stopped\nn3 stopped\n";
        assertEquals(new CliRun(0, stopped, ""), chorus("--dir", dir, "node", "list"));
        assertEquals(new CliRun(0, stopped, ""), chorus("node", "--dir", dir, "list"));
        assertEquals(new CliRun(0, stopped, ""), chorus("node", "list", "--dir", dir));
    }

    @Test
    void initLocalKeepsItsDirOptionAndRefusesAClusterFile() {
        CliRun again = chorus("init-local", "--dir", dir);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().startsWith("using existing "), again.out());
        CliRun refused = chorus("init-local", "--cluster", Path.of(dir, ClusterOptions.CLUSTER_FILE).toString());
        assertEquals(ExitCodes.USAGE, refused.code());
        assertTrue(refused.err().contains("--dir"), refused.err());
    }
}
