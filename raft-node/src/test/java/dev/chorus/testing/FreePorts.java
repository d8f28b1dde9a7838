package dev.chorus.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Ports free right now (bolt rejects port 0, so tests pick real ports at run time). */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int next() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            // Below Linux's ephemeral range (32768-60999): an outgoing connection cannot take the port between this
            // check and the node's bind, nor while a stopped node waits to be restarted on it.
            int port = ThreadLocalRandom.current().nextInt(20_000, 31_000);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port)) {
                s.setReuseAddress(true);
                HANDED_OUT.add(port);
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no free port found");
    }
}
