package dev.chorus.admin;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long the admin server's threads block on a client. A task runs under a {@link Watch}; while the watch
 * is armed and its deadline passes, the thread is interrupted. The JDK HTTP server does its socket I/O on blocking
 * {@code SocketChannel}s, which are interruptible: the blocked read or write fails with
 * {@code ClosedByInterruptException}, the connection is closed and the thread is free again. The interrupt is only
 * ever delivered while the task that armed the watch runs, and cleared when it ends, so it cannot reach the next task
 * on the same thread.
 */
final class IoWatchdog implements AutoCloseable {
    private static final long NONE = Long.MIN_VALUE;
    private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();
    /** For threads that run no watched task: arming it does nothing. */
    private static final Watch UNWATCHED = new Watch(null, null);

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    IoWatchdog(String threadName) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on this thread under a new watch, armed for {@code initialNanos} (0: not armed). */
    void run(Runnable task, long initialNanos) {
        Watch watch = new Watch(Thread.currentThread(), this);
        if (initialNanos > 0) {
            watch.arm(initialNanos);
        }
        watches.add(watch);
        CURRENT.set(watch);
        try {
            task.run();
        } finally {
            CURRENT.remove();
            watch.end();
            watches.remove(watch);
        }
    }

    /** The watch of the task running on this thread (a no-op one if none). */
    static Watch current() {
        Watch w = CURRENT.get();
        return w == null ? UNWATCHED : w;
    }

    private void check() {
        long now = System.nanoTime();
        for (Watch w : watches) {
            w.expireIfOverdue(now);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    static final class Watch {
        private final Thread thread;
        private final IoWatchdog owner;
        private long deadline = NONE;
        private boolean ended;

        private Watch(Thread thread, IoWatchdog owner) {
            this.thread = thread;
            this.owner = owner;
        }

        /** From now on, the thread may block at most {@code nanos} (replaces any earlier deadline). */
        synchronized void arm(long nanos) {
            if (owner != null) {
                deadline = System.nanoTime() + nanos;
            }
        }

        synchronized void disarm() {
            deadline = NONE;
        }

        /** Arms for at most {@code nanos} more (never later than an armed deadline); returns what to restore. */
        synchronized long push(long nanos) {
            long saved = deadline;
            if (owner != null) {
                long d = System.nanoTime() + nanos;
                deadline = saved == NONE || d - saved < 0 ? d : saved;
            }
            return saved;
        }

        synchronized void restore(long saved) {
            deadline = saved;
        }

        private synchronized void expireIfOverdue(long now) {
            if (!ended && deadline != NONE && now - deadline > 0) {
                deadline = NONE;
                thread.interrupt();
            }
        }

        private synchronized void end() {
            ended = true;
            Thread.interrupted(); // an interrupt for this task must not reach the thread's next one
        }
    }

    /** A request body whose every read is bounded (and by any deadline already armed). */
    static final class BoundedInputStream extends FilterInputStream {
        private final long nanos;

        BoundedInputStream(InputStream in, long nanos) {
            super(in);
            this.nanos = nanos;
        }

        @Override
        public int read() throws IOException {
            Watch w = current();
            long saved = w.push(nanos);
            try {
                return super.read();
            } finally {
                w.restore(saved);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Watch w = current();
            long saved = w.push(nanos);
            try {
                return super.read(b, off, len);
            } finally {
                w.restore(saved);
            }
        }
    }

    /** A response body whose every write, flush and close is bounded (and by any deadline already armed). */
    static final class BoundedOutputStream extends FilterOutputStream {
        private final long nanos;

        BoundedOutputStream(OutputStream out, long nanos) {
            super(out);
            this.nanos = nanos;
        }

        @Override
        public void write(int b) throws IOException {
            Watch w = current();
            long saved = w.push(nanos);
            try {
                out.write(b);
            } finally {
                w.restore(saved);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Watch w = current();
            long saved = w.push(nanos);
            try {
                out.write(b, off, len);
            } finally {
                w.restore(saved);
            }
        }

        @Override
        public void flush() throws IOException {
            Watch w = current();
            long saved = w.push(nanos);
            try {
                out.flush();
            } finally {
                w.restore(saved);
            }
        }

        @Override
        public void close() throws IOException {
            Watch w = current();
            long saved = w.push(nanos);
            try {
                out.close();
            } finally {
                w.restore(saved);
            }
        }
    }
}
