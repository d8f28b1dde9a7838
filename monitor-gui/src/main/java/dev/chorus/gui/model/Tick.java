package dev.chorus.gui.model;

import dev.chorus.admin.ClusterStatus;
import dev.chorus.events.NodeEvent;
import dev.chorus.txn.node.TxnsCollector;
import dev.chorus.txn.saga.SagaLog;

import java.util.List;
import java.util.Map;

/**
 * One poll of the whole cluster: the merged cluster view (every node's status, or why it has none), process
 * states, transactions, sagas, the events that arrived since the previous tick and, every few ticks, metrics.
 *
 * @param metrics node id → samples; empty on ticks that did not scrape
 */
public record Tick(long atMs, ClusterStatus status,
                   Map<String, ProcessStatus> processes, TxnsCollector.Snapshot txns, List<NodeEvent> newEvents,
                   Map<String, List<PromText.Sample>> metrics, List<SagaLog> sagas) {
}
