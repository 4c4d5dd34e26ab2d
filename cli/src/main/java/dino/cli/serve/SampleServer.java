// `dino serve`'s HTTP server: the page, the sampling API and its errors, on Jetty, within the limits of ServerLimits.
package dino.cli.serve;

import static dino.cli.serve.ServeAnswers.GSON;
import static dino.cli.serve.ServeAnswers.JSON;
import static dino.cli.serve.ServeAnswers.asciiJson;
import static dino.cli.serve.ServeAnswers.error;
import static dino.cli.serve.ServeAnswers.json;
import static dino.cli.serve.ServeAnswers.send;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dino.api.DinoException;
import dino.api.Mode;
import dino.api.Sampling;
import dino.cli.shared.ModelFacts;
import dino.cli.shared.Text;
import dino.lib.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves one model: {@code GET /} the page, {@code /api/sample} samples as JSON, {@code /api/stream} one sample as
 * plain text written while it is drawn, {@code /api/info} the model's facts, {@code /health}. Jetty reads requests
 * without a thread per connection (one selector thread parses what arrives), and bounds what a client controls
 * ({@link ServerLimits}: connections, header bytes, idle time, the time headers take); a request whose headers are
 * complete runs on its own virtual thread (JDK 21 and later) or on the pool of {@code --threads}, sharing the
 * immutable model, and is logged as one line ({@code GET /api/sample 200 3 ms}). Refusals are JSON
 * {@code {"error": "..."}}: 400 (a bad parameter or a malformed request), 404, 405 (not GET or HEAD), 413 (a request
 * with a body), 414 (a request line over the header limit), 431 (headers over it), 503 (while stopping). Nothing a
 * client sends names a file: the server reads only its page, from the jar.
 */
final class SampleServer implements AutoCloseable {
    private static final List<String> SAMPLE_PARAMETERS = List.of("count", "length", "temperature", "top_k", "prefix", "seed");
    private static final List<String> STREAM_PARAMETERS = List.of("length", "temperature", "top_k", "prefix", "seed");
    /** A fact that is a number is sent as a JSON number. */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");
    /** Request attribute: the client went away before its answer was sent (logged as 499). */
    private static final String GONE = "dino.gone";

    private final Model model;
    private final Path file;
    private final Set<String> known;
    private final ServeQuery.Limits limits;
    private final PrintWriter log;
    private final byte[] page;
    private final byte[] info;
    private Server server;
    private HeaderTimeout headerTimeout;
    private boolean virtual;

    /**
     * A server for {@code model} (read from {@code file}), marking names in {@code known} (null: no marks), within
     * {@code limits}, logging to {@code log}.
     */
    SampleServer(Model model, Path file, Set<String> known, ServeQuery.Limits limits, PrintWriter log) {
        this.model = model;
        this.file = file;
        this.known = known;
        this.limits = limits;
        this.log = log;
        this.page = resource("serve.html");
        this.info = (GSON.toJson(info()) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Binds and starts answering within {@code bounds}; returns the address bound (port 0 picks one). */
    InetSocketAddress start(String host, int port, ServerLimits bounds) throws IOException {
        // One acceptor thread, one selector thread (it reads and parses every connection) and one reserved thread
        // (Jetty hands the selector over to it rather than queue a task) come on top of those that answer requests.
        QueuedThreadPool pool = new QueuedThreadPool(bounds.threads() + 3, Math.min(bounds.threads() + 3, 4));
        pool.setReservedThreads(1);
        pool.setName("dino-serve");
        pool.setDaemon(true);
        virtual = bounds.virtualThreads() && VirtualThreads.areSupported();
        if (virtual) {
            pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("dino-serve-v"));
        }
        server = new Server(pool);
        server.setStopTimeout(TimeUnit.SECONDS.toMillis(bounds.stopSeconds()));
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(bounds.maxHeaderBytes());
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(TimeUnit.SECONDS.toMillis(bounds.idleTimeoutSeconds()));
        connector.setAcceptQueueSize(256);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(bounds.maxConnections(), connector));
        server.setErrorHandler(new ServeAnswers.JsonErrors(bounds.maxHeaderBytes()));
        server.setHandler(new GracefulHandler(new Routes()));
        server.setRequestLog((request, response) -> logLine(request, response));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException bind) {
                    throw bind;
                }
            }
            throw e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
        headerTimeout = new HeaderTimeout(connector, bounds.headerTimeoutSeconds(), log);
        headerTimeout.start();
        return new InetSocketAddress(host, connector.getLocalPort());
    }

    /** Whether requests are answered on virtual threads (asked for, and the JDK has them). */
    boolean virtualThreads() {
        return virtual;
    }

    /** {@link #stop()}: a server is closed like every other thing that owns threads. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Stops accepting connections, lets the requests under way finish (for up to the limits' stop seconds; a request
     * that comes meanwhile on an open connection gets 503), then closes every connection and ends the threads.
     */
    void stop() {
        if (headerTimeout != null) {
            headerTimeout.stop();
        }
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            log.println("dino serve: while stopping: " + e);
        }
    }

    /**
     * One line per request: method, path and query (cut at 200 characters), status, milliseconds since its first
     * byte. A request that ended before Jetty had its method and target (Jetty stands in {@code BAD /badMessage} for
     * one its parser refused, {@code GET /badRequest} for one whose connection failed) is logged as {@code - -}, and
     * as 408 when {@link HeaderTimeout} closed it.
     */
    private void logLine(Request request, Response response) {
        int status = request.getAttribute(GONE) != null ? 499 : response.getStatus();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
        String method = request.getMethod();
        String target = request.getHttpURI().getPathQuery();
        if ((method.equals("BAD") && target.equals("/badMessage")) || (method.equals("GET") && target.equals("/badRequest"))) {
            method = "-";
            target = "-";
            if (request.getConnectionMetaData().getAttribute(HeaderTimeout.CLOSED) != null) {
                status = 408;
            }
        }
        log.println(method + " " + (target.length() > 200 ? target.substring(0, 200) + "..." : target)
                + " " + status + " " + ms + " ms");
    }

    /** The routes; blocking (Jetty runs it on a virtual thread, or on a pool thread, never on the selector). */
    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            try {
                route(request, response, callback);
            } catch (ServeQuery.BadRequest e) {
                error(response, callback, 400, e.getMessage());
            } catch (DinoException e) {
                error(response, callback, 400, ServeQuery.message(e));
            } catch (UncheckedIOException | IOException e) {
                request.setAttribute(GONE, Boolean.TRUE); // the client went away mid-answer: nothing more can be sent
                callback.failed(e);
            } catch (RuntimeException e) {
                log.println("dino serve: internal error on " + request.getHttpURI().getPath() + ": " + e);
                e.printStackTrace(log);
                error(response, callback, 500, "internal error: " + e.getClass().getSimpleName() + " (see the server's log)");
            }
            return true;
        }
    }

    /** Answers one request, completing {@code callback}, or throws what makes it a refusal. */
    private void route(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        String query = request.getHttpURI().getQuery();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            error(response, callback, 405, method + " is not served: use GET");
            return;
        }
        if (hasBody(request.getHeaders())) {
            error(response, callback, 413, "a GET request has no body: send the settings in the query");
            return;
        }
        boolean head = method.equals("HEAD");
        switch (path) {
            case "/":
                noQuery(query);
                send(response, callback, head, 200, "text/html; charset=utf-8", page);
                return;
            case "/health":
                noQuery(query);
                send(response, callback, head, 200, JSON, json(Map.of("status", "ok")));
                return;
            case "/api/info":
                noQuery(query);
                send(response, callback, head, 200, JSON, info);
                return;
            case "/api/sample":
                Sampling s = ServeQuery.parse(query, SAMPLE_PARAMETERS, model.mode() == Mode.TEXT ? 1 : 10, limits);
                send(response, callback, head, 200, JSON, sample(s));
                return;
            case "/api/stream":
                stream(response, callback, head, ServeQuery.parse(query, STREAM_PARAMETERS, 1, limits));
                return;
            default:
                error(response, callback, 404, "no such page: " + (path.length() > 100 ? path.substring(0, 100) + "..." : path)
                        + " (the server has /, /api/sample, /api/stream, /api/info and /health)");
        }
    }

    private static void noQuery(String query) {
        if (query != null && !query.isEmpty()) {
            throw new ServeQuery.BadRequest("this page takes no parameters");
        }
    }

    private static boolean hasBody(HttpFields h) {
        String length = h.get(HttpHeader.CONTENT_LENGTH);
        return h.contains(HttpHeader.TRANSFER_ENCODING) || (length != null && !length.trim().equals("0"));
    }

    /** The samples and the settings that drew them; names marked new or known when the server knows the training names. */
    private byte[] sample(Sampling s) {
        long start = System.nanoTime();
        List<String> drawn = model.sample(s);
        boolean names = model.mode() == Mode.LINES;
        JsonArray samples = new JsonArray();
        int fresh = 0;
        for (int k = 0; k < drawn.size(); k++) {
            JsonObject one = new JsonObject();
            one.addProperty("text", names ? Text.capitalize(drawn.get(k)) : drawn.get(k));
            one.addProperty("seed", s.seed() + k);
            if (names && known != null) {
                boolean isNew = !known.contains(drawn.get(k));
                fresh += isNew ? 1 : 0;
                one.addProperty("new", isNew);
            }
            samples.add(one);
        }
        JsonObject body = new JsonObject();
        body.addProperty("mode", model.mode().label());
        body.add("settings", settings(s));
        body.add("samples", samples);
        if (names && known != null) {
            body.addProperty("new", fresh);
        }
        body.addProperty("milliseconds", (System.nanoTime() - start) / 1e6);
        return json(body);
    }

    /** One sample as plain UTF-8 text, each character sent the moment it is drawn (chunked). */
    private void stream(Response response, Callback callback, boolean head, Sampling s) throws IOException {
        Sampling one = s.withCount(1);
        // Checked before the status is sent: a prefix the model cannot read is a 400, not a broken stream.
        model.sample(one.withCount(0));
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Dino-Settings", asciiJson(settings(one)));
        response.setStatus(200);
        if (head) {
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return;
        }
        // Each write blocks until Jetty has sent it as one chunk: the client sees every character as it is drawn.
        OutputStream out = Content.Sink.asOutputStream(response);
        model.sample(one, (k, character) -> {
            try {
                out.write(character.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    /** The settings a sampling used, as the query names them; the length the model's default when not given. */
    private JsonObject settings(Sampling s) {
        JsonObject o = new JsonObject();
        o.addProperty("count", s.count());
        o.addProperty("length", s.lengthIn(model.mode()));
        o.addProperty("temperature", s.temperature());
        o.addProperty("top_k", s.topK());
        o.addProperty("prefix", s.prefix());
        o.addProperty("seed", s.seed());
        return o;
    }

    /** {@code dino info --model}'s facts (keys with underscores), the vocabulary, the limits and whether names are marked. */
    private JsonObject info() {
        JsonObject o = new JsonObject();
        ModelFacts.of(model, file).forEach((key, value) -> {
            String name = key.replace(' ', '_');
            if (NUMBER.matcher(value).matches() && !name.equals("data_sha256")) {
                o.addProperty(name, new BigDecimal(value));
            } else {
                o.addProperty(name, value);
            }
        });
        o.addProperty("model", file.getFileName().toString());
        o.addProperty("characters", model.vocabulary());
        o.addProperty("default_length", Sampling.defaultLength(model.mode()));
        o.addProperty("max_count", limits.maxCount());
        o.addProperty("max_length", limits.maxLength());
        o.addProperty("known_names", known == null ? 0 : known.size());
        return o;
    }

    private static byte[] resource(String name) {
        try (InputStream in = SampleServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
