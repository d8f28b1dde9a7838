package dev.chorus.gui.model;

import dev.chorus.verify.cli.Workload;

import java.time.Duration;
import java.util.List;

/**
 * A Verify run as the panel asks for it: the same choices as {@code chorus verify WORKLOAD --clients N --duration D
 * --nemesis LIST --interval D}.
 *
 * @param faults the nemesis faults by their {@code --nemesis} names; empty for a run without nemesis
 */
public record VerifyRequest(Workload workload, List<String> faults, Duration duration, int clients, Duration interval) {
    public VerifyRequest {
        faults = List.copyOf(faults);
    }
}
