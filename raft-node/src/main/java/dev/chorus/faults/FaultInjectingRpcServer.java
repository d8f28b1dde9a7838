package dev.chorus.faults;

import com.alipay.sofa.jraft.rpc.Connection;
import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.rpc.impl.ConnectionClosedEventListener;
import dev.chorus.rpc.RaftSenders;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a node's RPC server so that Raft messages between nodes obey the {@link FaultTable}: a request from node X
 * crosses link X->self and its response link self->X; a lost request is never processed (the sender times out), a
 * lost response is processed but never answered, a delayed one waits on a single scheduler thread, so messages on
 * a link keep their order (AppendEntries pipelining depends on it).
 *
 * <p>The sender is the {@code server_id} every jraft Raft request carries. Requests without one (client requests,
 * pings, snapshot file chunks) pass untouched: admin, status and client traffic keep flowing, which is
 * what lets the dashboard see an isolated node.
 */
public final class FaultInjectingRpcServer implements RpcServer {
    private final RpcServer delegate;
    private final String self;
    private final RaftSenders senders;
    private final FaultTable faults;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Long> lastDueNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.function.Consumer<String> counted;

    /**
     * @param nodeIdByAddress node id by Raft address {@code ip:port}
     * @param scheduler       a single-threaded scheduler for delayed messages
     * @param counted         told "dropped" or "delayed" for every message a fault touched (metrics)
     */
    public FaultInjectingRpcServer(RpcServer delegate, String self, Map<String, String> nodeIdByAddress, FaultTable faults,
                                   ScheduledExecutorService scheduler, java.util.function.Consumer<String> counted) {
        this.counted = counted;
        this.delegate = delegate;
        this.self = self;
        this.senders = new RaftSenders(nodeIdByAddress);
        this.faults = faults;
        this.scheduler = scheduler;
    }

    @Override
    public void registerProcessor(RpcProcessor<?> processor) {
        delegate.registerProcessor(wrap(processor));
    }

    /**
     * Bolt's shutdown closes the listening socket but may leave a connection accepted at that very moment open; a
     * peer keeps sending on it to this dead server, whose thread pools are gone, and is told "server thread pool
     * busy" forever instead of reconnecting to the node's next incarnation on the same port. So after shutdown a
     * rejected task runs inline, and every request that still arrives closes its connection: the peer reconnects.
     */
    private volatile boolean stopped;

    private Executor safe(Executor executor) {
        if (executor == null) {
            return null;
        }
        return command -> {
            if (stopped) {
                command.run();
                return;
            }
            try {
                executor.execute(command);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                command.run();
            }
        };
    }

    private <T> RpcProcessor<T> wrap(RpcProcessor<T> processor) {
        return new RpcProcessor<>() {
            @Override
            public void handleRequest(RpcContext ctx, T request) {
                if (stopped) {
                    Connection connection = ctx.getConnection();
                    if (connection != null) {
                        connection.close();
                    }
                    return;
                }
                String sender = senderOf(request);
                if (sender == null) {
                    processor.handleRequest(ctx, request);
                    return;
                }
                RpcContext answering = new FaultyContext(ctx, sender);
                FaultTable.Decision inbound = faults.decide(sender, self);
                switch (inbound.action()) {
                    case DROP -> counted.accept("dropped");
                    case DELAY -> {
                        counted.accept("delayed");
                        later(sender + ">" + self, inbound.delayMs(), () -> processor.handleRequest(answering, request));
                    }
                    default -> processor.handleRequest(answering, request);
                }
            }

            @Override
            public String interest() {
                return processor.interest();
            }

            @Override
            public Executor executor() {
                return safe(processor.executor());
            }

            @Override
            public ExecutorSelector executorSelector() {
                ExecutorSelector selector = processor.executorSelector();
                return selector == null ? null : (reqClass, header) -> safe(selector.select(reqClass, header));
            }
        };
    }

    /**
     * Runs {@code task} after {@code delayMs}, but never before a message sent earlier on the same link: jitter must
     * not reorder a link's messages.
     */
    private void later(String link, long delayMs, Runnable task) {
        long due = lastDueNanos.merge(link, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs), Math::max);
        scheduler.schedule(task, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** The node id of a Raft request's sender, or null for requests that carry none or name no node. */
    private String senderOf(Object request) {
        return senders.of(request).filter(id -> !id.isEmpty()).orElse(null);
    }

    /** Applies link self->sender to the response. */
    private final class FaultyContext implements RpcContext {
        private final RpcContext ctx;
        private final String sender;

        FaultyContext(RpcContext ctx, String sender) {
            this.ctx = ctx;
            this.sender = sender;
        }

        @Override
        public void sendResponse(Object response) {
            FaultTable.Decision outbound = faults.decide(self, sender);
            switch (outbound.action()) {
                case DROP -> counted.accept("dropped");
                case DELAY -> {
                    counted.accept("delayed");
                    later(self + ">" + sender, outbound.delayMs(), () -> ctx.sendResponse(response));
                }
                default -> ctx.sendResponse(response);
            }
        }

        @Override
        public Connection getConnection() {
            return ctx.getConnection();
        }

        @Override
        public String getRemoteAddress() {
            return ctx.getRemoteAddress();
        }
    }

    @Override
    public void registerConnectionClosedEventListener(ConnectionClosedEventListener listener) {
        delegate.registerConnectionClosedEventListener(listener);
    }

    @Override
    public int boundPort() {
        return delegate.boundPort();
    }

    @Override
    public boolean isStarted() {
        return delegate.isStarted();
    }

    @Override
    public boolean init(Void opts) {
        return delegate.init(opts);
    }

    @Override
    public void shutdown() {
        stopped = true;
        delegate.shutdown();
    }
}
