package dev.chorus.verify.nemesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every fault the nemesis knows, by its {@code --nemesis} name. */
public final class Faults {
    private Faults() {
    }

    public static List<Fault> all() {
        return List.of(NodeProcessFault.kill(), NodeProcessFault.pause(), new IsolateFault(false), new IsolateFault(true),
                new PartitionFault(), new DelayFault(), new LeaderTransferFault(), new SnapshotFault(),
                new RestartAllFault(), new ClockFault());
    }

    public static List<String> names() {
        return all().stream().map(Fault::name).toList();
    }

    /** {@code kill,partition,...}, {@code all}, or {@code none}/empty for no faults. */
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
        for (String name : list.split(",")) {
            Fault f = byName.get(name.trim());
            if (f == null) {
                throw new IllegalArgumentException("unknown fault '" + name.trim() + "': one of " + String.join(", ", byName.keySet())
                        + ", or all");
            }
            out.add(f);
        }
        return List.copyOf(out);
    }
}
