package dev.chorus.participant.scenario;

import dev.chorus.protocol.KvCommand;
import dev.chorus.protocol.KvResponse;

import java.util.ArrayList;
import java.util.List;

import static dev.chorus.routing.Keys.utf8;

/**
 * Scenario words for replicated commands. Values: {@code -} is null (absent, or a delete). Transaction parts, in
 * order: {@code put:k=v}, {@code del:k}, {@code read:k=v} (the value read; {@code read:k=-}: read as absent),
 * {@code range:a..c=k:v,k:v} (a scan of {@code [a, c)} that saw those entries; {@code range:m..=}: to the end, empty).
 */
final class ScenarioCommands {
    private ScenarioCommands() {
    }

    static KvCommand parse(CommandLine c) {
        return switch (c.verb()) {
            case "put" -> new KvCommand.Put(utf8(c.word(0)), utf8(c.word(1)));
            case "delete" -> new KvCommand.Delete(utf8(c.word(0)));
            case "cas" -> new KvCommand.CompareAndSet(utf8(c.word(0)), value(c.word(1)), value(c.word(2)));
            case "batch" -> new KvCommand.Batch(mutations(c));
            case "prepare" -> new KvCommand.TxnPrepare(c.word(0), c.options().getOrDefault("primary", "g1"),
                    c.number("deadline", 0), c.number("ttl", 1000), reads(c), ranges(c), mutations(c),
                    c.list("participants"), c.options().get("coordinator"));
            case "onephase" -> new KvCommand.TxnOnePhase(c.word(0), c.number("deadline", 0), reads(c), ranges(c),
                    mutations(c));
            case "lockread" -> new KvCommand.TxnLockRead(c.word(0), c.options().getOrDefault("primary", "g1"),
                    c.number("deadline", 0), c.number("ttl", 1000),
                    c.words().subList(1, c.words().size()).stream().map(k -> utf8(k)).toList(), c.list("participants"));
            case "decide" -> new KvCommand.TxnDecide(c.word(0), decision(c.word(1)), c.number("deadline", 0));
            case "complete" -> new KvCommand.TxnComplete(c.word(0), outcome(c.word(1)));
            case "finish" -> new KvCommand.TxnFinish(c.word(0));
            case "forget" -> new KvCommand.TxnForget(c.words());
            default -> throw new IllegalArgumentException("unknown scenario command '" + c.verb() + "'");
        };
    }

    private static KvCommand.Decision decision(String word) {
        return switch (word) {
            case "commit" -> KvCommand.Decision.COMMIT;
            case "abort" -> KvCommand.Decision.ABORT;
            case "abort-if-expired" -> KvCommand.Decision.ABORT_IF_EXPIRED;
            default -> throw new IllegalArgumentException("decision is commit, abort or abort-if-expired, not " + word);
        };
    }

    private static boolean outcome(String word) {
        return switch (word) {
            case "commit" -> true;
            case "abort" -> false;
            default -> throw new IllegalArgumentException("outcome is commit or abort, not " + word);
        };
    }

    private static byte[] value(String word) {
        return word.equals("-") ? null : utf8(word);
    }

    private static List<KvCommand.Mutation> mutations(CommandLine c) {
        List<KvCommand.Mutation> out = new ArrayList<>();
        for (String[] item : c.items()) {
            if (item[0].equals("put")) {
                String[] kv = item[1].split("=", 2);
                out.add(new KvCommand.Put(utf8(kv[0]), utf8(kv[1])));
            } else if (item[0].equals("del")) {
                out.add(new KvCommand.Delete(utf8(item[1])));
            }
        }
        return out;
    }

    private static List<KvCommand.ReadCheck> reads(CommandLine c) {
        List<KvCommand.ReadCheck> out = new ArrayList<>();
        for (String[] item : c.items()) {
            if (item[0].equals("read")) {
                String[] kv = item[1].split("=", 2);
                out.add(new KvCommand.ReadCheck(utf8(kv[0]), value(kv[1])));
            }
        }
        return out;
    }

    private static List<KvCommand.RangeCheck> ranges(CommandLine c) {
        List<KvCommand.RangeCheck> out = new ArrayList<>();
        for (String[] item : c.items()) {
            if (item[0].equals("range")) {
                String[] spec = item[1].split("=", 2);
                String[] bounds = spec[0].split("\\.\\.", -1);
                List<KvResponse.KeyValue> seen = new ArrayList<>();
                for (String kv : spec[1].isEmpty() ? new String[0] : spec[1].split(",")) {
                    String[] p = kv.split(":", 2);
                    seen.add(new KvResponse.KeyValue(utf8(p[0]), utf8(p[1])));
                }
                out.add(new KvCommand.RangeCheck(utf8(bounds[0]), utf8(bounds[1]), seen));
            }
        }
        return out;
    }
}
