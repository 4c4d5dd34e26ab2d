// Closes the connections of `dino serve` whose request headers do not all arrive in time (slow or stalled clients).
package dino.cli.serve;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Jetty bounds the bytes of a request line and its headers, and the time in which nothing arrives (the idle
 * timeout), but not the time the headers take: a client that sends one byte every few seconds would hold its
 * connection for hours. Every quarter of the timeout (at most every second) this looks at each connection's HTTP
 * parser and closes those that began a request more than the timeout ago and are still reading its request line or
 * headers; one line on the log says how many. A connection that has sent nothing of its next request is the idle
 * timeout's. Jetty's parser is public API, the connection that holds it ({@code HttpConnection}) is in Jetty's
 * internal package: {@code ServeLimitsTest} fails if an upgrade of Jetty changes it.
 */
final class HeaderTimeout implements Runnable {
    /** Connection attribute: closed here (the request log says 408 for the request it was reading). */
    static final String CLOSED = "dino.headerTimeout";
    private final ServerConnector connector;
    private final long timeoutNanos;
    private final long periodMillis;
    private final PrintWriter log;
    private volatile boolean running;
    private volatile Scheduler.Task next;

    HeaderTimeout(ServerConnector connector, int seconds, PrintWriter log) {
        this.connector = connector;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(seconds);
        this.periodMillis = Math.min(1000, seconds * 250L);
        this.log = log;
    }

    /** Starts looking, on the connector's scheduler (started with the server). */
    void start() {
        running = true;
        next = connector.getScheduler().schedule(this, periodMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        running = false;
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        int closed = 0;
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (endPoint.getConnection() instanceof HttpConnection http && readingHeaders(http.getParser())
                    && now - http.getParser().getBeginNanoTime() > timeoutNanos) {
                http.setAttribute(CLOSED, Boolean.TRUE);
                endPoint.close();
                closed++;
            }
        }
        if (closed > 0) {
            log.println("dino serve: closed " + closed + (closed == 1 ? " connection" : " connections")
                    + " whose request headers had not arrived " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                    + " s after the request began");
        }
        if (running) {
            next = connector.getScheduler().schedule(this, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Between a request's first byte and the end of its headers. */
    private static boolean readingHeaders(HttpParser parser) {
        HttpParser.State state = parser.getState();
        return state != HttpParser.State.START && state.ordinal() <= HttpParser.State.HEADER.ordinal();
    }
}
