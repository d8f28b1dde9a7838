package dev.chorus.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A node's recent events: a bounded ring (a client that connects late still gets the last {@code capacity} events)
 * plus live subscribers. {@link #record} never blocks on a subscriber: subscribers must hand events off quickly.
 */
public final class EventLog {
    private final String nodeId;
    private final int capacity;
    private final ArrayDeque<NodeEvent> ring;
    private final List<Consumer<NodeEvent>> subscribers = new CopyOnWriteArrayList<>();
    private long nextSeq = 1;

    public EventLog(String nodeId, int capacity) {
        this.nodeId = nodeId;
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
    }

    public void record(String group, String type, Map<String, Object> details) {
        NodeEvent event;
        synchronized (this) {
            event = new NodeEvent(nextSeq++, System.currentTimeMillis(), nodeId, group, type, Map.copyOf(details));
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(event);
        }
        for (Consumer<NodeEvent> s : subscribers) {
            s.accept(event);
        }
    }

    /** Events with a sequence number above {@code afterSeq}, oldest first. */
    public synchronized List<NodeEvent> since(long afterSeq) {
        List<NodeEvent> out = new ArrayList<>();
        for (NodeEvent e : ring) {
            if (e.seq() > afterSeq) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Atomically returns the recent events after {@code afterSeq} and subscribes {@code subscriber} to every later
     * one, so that nothing falls between the replay and the live stream.
     */
    public synchronized List<NodeEvent> replayAndSubscribe(long afterSeq, Consumer<NodeEvent> subscriber) {
        subscribers.add(subscriber);
        return since(afterSeq);
    }

    public void unsubscribe(Consumer<NodeEvent> subscriber) {
        subscribers.remove(subscriber);
    }
}
