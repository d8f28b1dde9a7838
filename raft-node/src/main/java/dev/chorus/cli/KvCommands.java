package dev.chorus.cli;

import dev.chorus.client.CasOutcome;
import dev.chorus.client.ChorusClient;
import dev.chorus.protocol.KvResponse;
import dev.chorus.routing.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;

/** Single-key and scan commands: put, get, del, cas, scan. Keys and values are UTF-8 text. */
final class KvCommands {
    private KvCommands() {
    }

    /** A key and its value, as {@code get --json} and {@code scan --json} print them. */
    record Entry(String key, String value) {
        static Entry of(KvResponse.KeyValue kv) {
            return new Entry(Keys.text(kv.key()), Keys.text(kv.value()));
        }
    }

    abstract static class KvCommand extends ClusterCommand {

        @Override
        public Integer call() throws Exception {
            try (ChorusClient client = new ChorusClient(cluster().load())) {
                return run(client);
            }
        }

        abstract int run(ChorusClient client);

        void println(String s) {
            out().println(s);
        }
    }

    @Command(name = "put", description = "Set KEY to VALUE; prints OK.")
    static final class Put extends KvCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Override
        int run(ChorusClient client) {
            client.put(Keys.utf8(key), Keys.utf8(value));
            println("OK");
            return ExitCodes.OK;
        }
    }

    @Command(name = "get", description = "Print the value of KEY; exit 1 with 'not found' on stderr if absent.")
    static final class Get extends KvCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Mixin
        JsonOption json;

        @Override
        int run(ChorusClient client) {
            Optional<byte[]> value = client.get(Keys.utf8(key));
            if (value.isEmpty()) {
                err().println("not found");
                return ExitCodes.FAILED;
            }
            if (json.enabled()) {
                JsonOption.print(out(), new Entry(key, Keys.text(value.get())));
            } else {
                println(Keys.text(value.get()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "del", description = "Delete KEY; prints OK.")
    static final class Del extends KvCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        int run(ChorusClient client) {
            client.delete(Keys.utf8(key));
            println("OK");
            return ExitCodes.OK;
        }
    }

    @Command(name = "cas", description = "Set KEY to NEW if it equals EXPECTED (exit 0), else print the current value and exit 1.")
    static final class Cas extends KvCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "EXPECTED")
        String expected;
        @Parameters(index = "2", paramLabel = "NEW")
        String newValue;
        @Option(names = "--absent", description = "expect KEY to be absent (EXPECTED is then ignored)")
        boolean absent;

        @Override
        int run(ChorusClient client) {
            CasOutcome outcome = client.compareAndSet(Keys.utf8(key), absent ? null : Keys.utf8(expected), Keys.utf8(newValue));
            if (outcome.succeeded()) {
                println("OK");
                return ExitCodes.OK;
            }
            err().println("mismatch: current value is "
                    + (outcome.current() == null ? "absent" : "'" + Keys.text(outcome.current()) + "'"));
            return ExitCodes.FAILED;
        }
    }

    @Command(name = "scan", description = "Print key<TAB>value lines for keys with the prefix, in key order.")
    static final class Scan extends KvCommand {
        @Option(names = "--prefix", paramLabel = "P", defaultValue = "", description = "key prefix (default: all keys)")
        String prefix;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "at most N entries (default 1000)")
        int limit;
        @Mixin
        JsonOption json;

        @Override
        int run(ChorusClient client) {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1");
            }
            byte[] start = Keys.utf8(prefix);
            List<KvResponse.KeyValue> entries = client.scan(start, Keys.prefixEnd(start), limit);
            if (json.enabled()) {
                JsonOption.print(out(), entries.stream().map(Entry::of).toList());
                return ExitCodes.OK;
            }
            for (KvResponse.KeyValue kv : entries) {
                println(Keys.text(kv.key()) + "\t" + Keys.text(kv.value()));
            }
            return ExitCodes.OK;
        }
    }
}
