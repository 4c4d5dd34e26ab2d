// What `dino serve` allows each client and how it answers: one value, built once from the options, defaults here.
package dino.cli.serve;

/**
 * The server's settings that are not about sampling. The defaults live here and nowhere else (the options' help
 * names them from these constants); the compact constructor checks each setting and names its option when it is out
 * of range.
 *
 * @param threads platform threads that read, parse and (without virtual threads) answer requests
 * @param virtualThreads answer each request on its own virtual thread where the JDK has them (21 and later)
 * @param maxConnections open connections at most; past it the server accepts no more until one closes (new ones
 *     wait in the operating system's queue)
 * @param maxHeaderBytes the request line and headers together at most: a longer request line is answered 414, longer
 *     headers 431
 * @param idleTimeoutSeconds a connection on which nothing moves for this long is closed
 * @param headerTimeoutSeconds a request whose headers have not all arrived this long after its first byte is closed
 * @param stopSeconds on a stop, how long the requests under way may take to finish
 */
record ServerLimits(int threads, boolean virtualThreads, int maxConnections, int maxHeaderBytes, int idleTimeoutSeconds,
        int headerTimeoutSeconds, int stopSeconds) {
    static final int MAX_CONNECTIONS = 4096;
    /** Jetty's default, and what most servers allow. */
    static final int MAX_HEADER_BYTES = 8192;
    static final int IDLE_TIMEOUT_SECONDS = 30;
    static final int HEADER_TIMEOUT_SECONDS = 5;
    static final int STOP_SECONDS = 2;

    ServerLimits {
        check("--threads", threads, 1, 1024);
        check("--max-connections", maxConnections, 1, 1_000_000);
        check("--max-header-bytes", maxHeaderBytes, 1024, 1 << 20);
        check("--idle-timeout", idleTimeoutSeconds, 1, 86_400);
        check("--header-timeout", headerTimeoutSeconds, 1, 3_600);
        check("stop seconds", stopSeconds, 0, 3_600);
    }

    /** Every default: 4 threads per processor, virtual threads where there are any. */
    static ServerLimits defaults() {
        return new ServerLimits(4 * Runtime.getRuntime().availableProcessors(), true, MAX_CONNECTIONS, MAX_HEADER_BYTES,
                IDLE_TIMEOUT_SECONDS, HEADER_TIMEOUT_SECONDS, STOP_SECONDS);
    }

    ServerLimits withThreads(int n) {
        return new ServerLimits(n, virtualThreads, maxConnections, maxHeaderBytes, idleTimeoutSeconds, headerTimeoutSeconds,
                stopSeconds);
    }

    ServerLimits withVirtualThreads(boolean on) {
        return new ServerLimits(threads, on, maxConnections, maxHeaderBytes, idleTimeoutSeconds, headerTimeoutSeconds,
                stopSeconds);
    }

    ServerLimits withMaxConnections(int n) {
        return new ServerLimits(threads, virtualThreads, n, maxHeaderBytes, idleTimeoutSeconds, headerTimeoutSeconds,
                stopSeconds);
    }

    ServerLimits withMaxHeaderBytes(int n) {
        return new ServerLimits(threads, virtualThreads, maxConnections, n, idleTimeoutSeconds, headerTimeoutSeconds,
                stopSeconds);
    }

    ServerLimits withIdleTimeout(int seconds) {
        return new ServerLimits(threads, virtualThreads, maxConnections, maxHeaderBytes, seconds, headerTimeoutSeconds,
                stopSeconds);
    }

    ServerLimits withHeaderTimeout(int seconds) {
        return new ServerLimits(threads, virtualThreads, maxConnections, maxHeaderBytes, idleTimeoutSeconds, seconds,
                stopSeconds);
    }

    private static void check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
