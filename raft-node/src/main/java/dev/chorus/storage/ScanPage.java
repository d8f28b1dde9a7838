package dev.chorus.storage;

import dev.chorus.protocol.KvResponse.KeyValue;

import java.util.List;

/** One page of a scan, in key order; {@code truncated} when entries in the range were left for a next page. */
public record ScanPage(List<KeyValue> entries, boolean truncated) {
}
