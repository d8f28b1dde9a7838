package dev.chorus.verify.nemesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every fault the nemesis knows, by its {@code --nemesis} name, and stacks of them ({@code kill+partition}). */
public final class Faults {
    private Faults() {
    }

    public static List<Fault> all() {
        return List.of(NodeProcessFault.kill(), NodeProcessFault.pause(), new IsolateFault(false), new IsolateFault(true),
                new PartitionFault(), new DelayFault(), new LeaderTransferFault(), new SnapshotFault(),
                new RestartAllFault(), new ClockFault(), new OneWayFault(), new BridgeFault(), new LossFault(),
                new MemberFault(), new CompactFault(), new TxnFailpointFault());
    }

    public static List<String> names() {
        return all().stream().map(Fault::name).toList();
    }

    /**
     * {@code kill,partition,...}, {@code all} (every single fault), or {@code none}/empty for no faults. An entry
     * {@code a+b} is one {@link StackedFault}: a and b injected and healed together.
     */
    public static List<Fault> parse(String list) {
        if (list == null || list.isBlank() || list.equals("none")) {
            return List.of();
        }
        if (list.equals("all")) {
            return all();
        }
        Map<String, Fault> byName = new LinkedHashMap<>();
        all().forEach(f -> byName.put(f.name(), f));
        List<Fault> out = new ArrayList<>();
        for (String entry : list.split(",")) {
            List<Fault> stack = new ArrayList<>();
            for (String name : entry.split("\\+", -1)) {
                stack.add(byName(byName, name.trim()));
            }
            out.add(stack.size() == 1 ? stack.get(0) : new StackedFault(stack));
        }
        return List.copyOf(out);
    }

    private static Fault byName(Map<String, Fault> byName, String name) {
        Fault f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown fault '" + name + "': one of " + String.join(", ", byName.keySet())
                    + ", or all; join faults with + to inject them together");
        }
        return f;
    }
}
