package dev.chorus.faults;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The fault on one directed link {@code from -> to} between two nodes: every Raft message (request or response)
 * that {@code from} sends to {@code to} is lost when {@code cut}, lost with probability {@code dropRate}, and
 * otherwise held back {@code delayMs} plus up to {@code jitterMs}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinkFault(String from, String to, boolean cut, long delayMs, long jitterMs, double dropRate) {

    LinkFault merge(LinkFault other) {
        return new LinkFault(from, to, cut || other.cut, other.delayMs != 0 || other.jitterMs != 0 ? other.delayMs : delayMs,
                other.delayMs != 0 || other.jitterMs != 0 ? other.jitterMs : jitterMs,
                other.dropRate != 0 ? other.dropRate : dropRate);
    }

    public String describe() {
        StringBuilder s = new StringBuilder(from).append("->").append(to);
        if (cut) {
            s.append(" cut");
        }
        if (delayMs != 0 || jitterMs != 0) {
            s.append(" delay ").append(delayMs).append("ms");
            if (jitterMs != 0) {
                s.append("±").append(jitterMs).append("ms");
            }
        }
        if (dropRate != 0) {
            s.append(" drop ").append(dropRate);
        }
        return s.toString();
    }
}
