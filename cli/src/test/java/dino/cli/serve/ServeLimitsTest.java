// dino serve's limits over raw sockets: header and request-line size, idle and header timeouts, the connection cap.
package dino.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dino.api.Sampling;
import dino.lib.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each test starts its own server with the limit under test set low and the others out of the way, and talks to it
 * over a plain socket, as a slow or hostile client would. Timeouts in the tests are generous upper bounds (20 s for
 * a limit of 1 s): they prove that a connection is closed, not how fast.
 */
class ServeLimitsTest {
    private static final int GENEROUS_MS = 20_000;
    private static Model names;
    private final StringWriter log = new StringWriter();
    private SampleServer server;

    @BeforeAll
    static void load() {
        names = Model.load(ServedModels.names());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private int serve(ServerLimits limits) throws IOException {
        server = new SampleServer(names, ServedModels.names(), new HashSet<>(names.trainingNames().orElseThrow()),
                new ServeQuery.Limits(100, 5000), new PrintWriter(log, true));
        return server.start("127.0.0.1", 0, limits).getPort();
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), GENEROUS_MS);
        s.setSoTimeout(GENEROUS_MS);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** One response: status line, headers, and the body its Content-Length gives. */
    private record Answer(int status, String headers, String body) {
    }

    private static Answer read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.size() + " bytes of headers: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(headers.substring(9, 12)), headers, body);
    }

    /** Whether the server closes {@code s} (end of stream or a reset) within the generous bound. */
    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static String error(Answer a) {
        assertTrue(a.headers().contains("Content-Type: application/json"), a.headers());
        assertTrue(a.body().endsWith("\n") && a.body().indexOf('\n') == a.body().length() - 1, "one line: " + a.body());
        return JsonParser.parseString(a.body()).getAsJsonObject().get("error").getAsString();
    }

    @Test
    void headersOverTheLimitAre431AndUnderItAreAnswered() throws Exception {
        int port = serve(ServerLimits.defaults());
        try (Socket s = connect(port)) {
            send(s, "GET /health HTTP/1.1\r\nHost: x\r\nX-Filler: " + "a".repeat(7000) + "\r\n\r\n");
            assertEquals(200, read(s).status(), "7000 bytes of headers are within 8 KiB");
        }
        try (Socket s = connect(port)) {
            send(s, "GET /health HTTP/1.1\r\nHost: x\r\nX-Filler: " + "a".repeat(ServerLimits.MAX_HEADER_BYTES) + "\r\n\r\n");
            Answer a = read(s);
            assertEquals(431, a.status());
            assertEquals("the request line and headers are longer than 8192 bytes together", error(a));
            assertTrue(closedByServer(s), "the connection is closed after a refused request");
        }
        try (Socket s = connect(port)) {
            // Many small headers count the same as one large one.
            send(s, "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(2000) + "\r\n");
            assertEquals(431, read(s).status());
        }
        assertTrue(log.toString().lines().anyMatch(l -> l.matches("GET /health 431 \\d+ ms")), log.toString());
    }

    @Test
    void theHeaderLimitIsAnOption() throws Exception {
        int port = serve(ServerLimits.defaults().withMaxHeaderBytes(2048));
        try (Socket s = connect(port)) {
            send(s, "GET /health HTTP/1.1\r\nHost: x\r\nX-Filler: " + "a".repeat(3000) + "\r\n\r\n");
            Answer a = read(s);
            assertEquals(431, a.status());
            assertTrue(error(a).contains("2048 bytes"), a.body());
        }
    }

    @Test
    void aRequestLineOverTheLimitIs414() throws Exception {
        int port = serve(ServerLimits.defaults());
        try (Socket s = connect(port)) {
            send(s, "GET /api/sample?prefix=" + "a".repeat(ServerLimits.MAX_HEADER_BYTES) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer a = read(s);
            assertEquals(414, a.status());
            assertEquals("the request line is longer than 8192 bytes: ask for less in the query", error(a));
        }
        try (Socket s = connect(port)) {
            send(s, "GET /api/sample?count=1&prefix=" + "a".repeat(40) + "&seed=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(s).status());
        }
        assertTrue(log.toString().lines().anyMatch(l -> l.matches("- - 414 \\d+ ms")), log.toString());
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        int port = serve(ServerLimits.defaults().withIdleTimeout(1).withHeaderTimeout(600));
        try (Socket s = connect(port)) {
            send(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(s).status());
            assertTrue(closedByServer(s), "a kept-alive connection with no next request is closed");
        }
        try (Socket s = connect(port)) {
            assertTrue(closedByServer(s), "a connection that never sends anything is closed");
        }
    }

    @Test
    void headersThatDoNotArriveInTimeCloseTheConnectionWhateverTheClientTrickles() throws Exception {
        // The idle timeout (60 s) never fires here: the client sends a byte every 100 ms. Only the header timeout can
        // close the connection.
        int port = serve(ServerLimits.defaults().withIdleTimeout(60).withHeaderTimeout(1));
        try (Socket slow = connect(port)) {
            send(slow, "GET /api/sample HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            long end = System.nanoTime() + GENEROUS_MS * 1_000_000L;
            boolean closed = false;
            while (!closed && System.nanoTime() < end) {
                try {
                    send(slow, "a");
                    Thread.sleep(100);
                } catch (IOException e) {
                    closed = true;
                }
                if (!closed && slow.getInputStream().available() == 0) {
                    slow.setSoTimeout(1);
                    try {
                        closed = slow.getInputStream().read() < 0;
                    } catch (SocketTimeoutException e) {
                        // still open
                    } catch (IOException e) {
                        closed = true;
                    }
                    slow.setSoTimeout(GENEROUS_MS);
                }
            }
            assertTrue(closed, "a request still sending its headers is closed by the header timeout");
        }
        try (Socket s = connect(port)) {
            send(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(s).status(), "a prompt request is answered");
        }
        assertTrue(log.toString().contains("dino serve: closed 1 connection whose request headers had not arrived 1 s after"),
                log.toString());
    }

    @Test
    void pastTheConnectionCapNewConnectionsWaitUntilOneCloses() throws Exception {
        int port = serve(ServerLimits.defaults().withMaxConnections(2).withIdleTimeout(60).withHeaderTimeout(60));
        Socket first = connect(port);
        try (Socket second = connect(port); Socket third = connect(port)) {
            send(first, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(first).status());
            send(second, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(second).status());
            // The operating system completes the third connection (it waits in the listen queue), but the server does
            // not accept it while two are open: its request gets no answer.
            send(third, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            third.setSoTimeout(1000);
            assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read(), "no answer past the cap");
            first.close();
            third.setSoTimeout(GENEROUS_MS);
            assertEquals(200, read(third).status(), "answered once a connection closed");
        } finally {
            first.close();
        }
    }

    @Test
    void requestsRunOnVirtualThreadsWhereTheJdkHasThem() throws Exception {
        serve(ServerLimits.defaults());
        assertEquals(Runtime.version().feature() >= 21, server.virtualThreads());
        server.stop();
        int port = serve(ServerLimits.defaults().withVirtualThreads(false).withThreads(1));
        assertEquals(false, server.virtualThreads());
        try (Socket s = connect(port)) {
            send(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(s).status(), "one thread answers");
        }
    }

    @Test
    void aStopLetsTheRequestUnderWayFinishAndAcceptsNoMoreConnections() throws Exception {
        Model text = Model.load(ServedModels.text());
        server = new SampleServer(text, ServedModels.text(), null, new ServeQuery.Limits(1, 200_000), new PrintWriter(log, true));
        int port = server.start("127.0.0.1", 0, new ServerLimits(4, true, 64, 8192, 60, 60, 20)).getPort();
        Sampling sampling = Sampling.defaults().withCount(1).withLength(200_000).withSeed(9);
        try (Socket s = new Socket()) {
            // A small receive window, and no reading for now: 200,000 characters, each its own chunk, cannot all be
            // sent, so the request is still under way when the stop begins.
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port), GENEROUS_MS);
            s.setSoTimeout(GENEROUS_MS);
            send(s, "GET /api/stream?length=200000&seed=9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                head.write(in.read());
            }
            assertTrue(head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 "), head.toString());
            Thread.sleep(200);
            assertTrue(log.toString().lines().noneMatch(l -> l.startsWith("GET /api/stream")), "still under way: " + log);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
            // The port closes at once: a new connection is refused.
            long end = System.nanoTime() + GENEROUS_MS * 1_000_000L;
            boolean refused = false;
            while (!refused && System.nanoTime() < end) {
                try (Socket late = new Socket()) {
                    late.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    Thread.sleep(20);
                } catch (ConnectException e) {
                    refused = true;
                }
            }
            assertTrue(refused, "no new connection once the stop began");
            // With Connection: close the answer ends where the connection does (no chunks).
            assertEquals(text.sample(sampling).get(0), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "the request under way is answered whole");
            stopped.get(GENEROUS_MS, TimeUnit.MILLISECONDS);
        }
        server = null;
        assertTrue(log.toString().lines().anyMatch(l -> l.matches("GET /api/stream\\?length=200000&seed=9 200 \\d+ ms")), log.toString());
    }
}
