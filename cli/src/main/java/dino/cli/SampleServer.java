// `dino serve`'s HTTP server: the page, the sampling API and its errors, on the JDK's own HTTP server.
package dino.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dino.api.DinoException;
import dino.api.Mode;
import dino.api.Model;
import dino.api.Sampling;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Serves one model: {@code GET /} the page, {@code /api/sample} samples as JSON, {@code /api/stream} one sample as
 * plain text written while it is drawn, {@code /api/info} the model's facts, {@code /health}. Every request is
 * answered on a pool of threads that share the immutable model, and logged as one line ({@code GET /api/sample
 * 200 3 ms}). Refusals are JSON {@code {"error": "..."}} with 400 (a bad parameter), 404, 405 (not GET or HEAD),
 * 413 (a request with a body) or 414 (a query over {@link #MAX_QUERY} characters). Nothing a client sends names a
 * file: the server reads only its page, from the jar.
 */
final class SampleServer {
    /** Longest raw query accepted. */
    static final int MAX_QUERY = 8192;
    private static final List<String> SAMPLE_PARAMETERS = List.of("count", "length", "temperature", "top_k", "prefix", "seed");
    private static final List<String> STREAM_PARAMETERS = List.of("length", "temperature", "top_k", "prefix", "seed");
    /** A fact that is a number is sent as a JSON number. */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    static {
        // Each character of a stream is its own small write: without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed acknowledgements hold each one back tens of milliseconds. A client that sends its
        // request headers slowly is cut off after 30 s, so it cannot hold a thread. (The JDK's server reads
        // these once, when it is first used; a value given on the command line wins.)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "30");
        }
    }

    private final Model model;
    private final Path file;
    private final Set<String> known;
    private final ServeQuery.Limits limits;
    private final PrintWriter log;
    private final byte[] page;
    private final byte[] info;
    /** Requests being answered now. */
    private final AtomicInteger answering = new AtomicInteger();
    private volatile boolean stopping;
    private HttpServer server;
    private ExecutorService pool;

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

    /** Binds and starts answering within {@code limits}; returns the address bound (port 0 picks one). */
    InetSocketAddress start(String host, int port, ServerLimits limits) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 256);
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(limits.threads(), r -> {
            Thread t = new Thread(r, "dino-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress();
    }

    /**
     * Lets the requests under way finish (for up to {@code seconds}; a request that comes meanwhile gets 503),
     * then closes the port and ends the threads. (The JDK's own {@code stop(delay)} waits the whole delay on
     * JDK 17, however idle the server is.)
     */
    void stop(int seconds) {
        stopping = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (answering.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        int status;
        answering.incrementAndGet();
        try {
            status = stopping ? error(exchange, 503, "the server is stopping") : route(exchange);
        } catch (ServeQuery.BadRequest e) {
            status = error(exchange, 400, e.getMessage());
        } catch (DinoException e) {
            status = error(exchange, 400, ServeQuery.message(e));
        } catch (UncheckedIOException | IOException e) {
            status = 499; // the client went away mid-answer: nothing more can be sent
        } catch (RuntimeException e) {
            log.println("dino serve: internal error on " + exchange.getRequestURI().getRawPath() + ": " + e);
            e.printStackTrace(log);
            status = error(exchange, 500, "internal error: " + e.getClass().getSimpleName() + " (see the server's log)");
        } finally {
            exchange.close();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        String query = exchange.getRequestURI().getRawQuery();
        String target = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        log.println(exchange.getRequestMethod() + " " + (target.length() > 200 ? target.substring(0, 200) + "..." : target)
                + " " + status + " " + ms + " ms");
        answering.decrementAndGet();
    }

    /** Answers one request; returns its status. */
    private int route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return error(exchange, 405, method + " is not served: use GET");
        }
        if (hasBody(exchange.getRequestHeaders())) {
            return error(exchange, 413, "a GET request has no body: send the settings in the query");
        }
        if (query != null && query.length() > MAX_QUERY) {
            return error(exchange, 414, "the query is longer than " + MAX_QUERY + " characters");
        }
        switch (path) {
            case "/":
                noQuery(query);
                return send(exchange, 200, "text/html; charset=utf-8", page);
            case "/health":
                noQuery(query);
                return json(exchange, 200, Map.of("status", "ok"));
            case "/api/info":
                noQuery(query);
                return send(exchange, 200, "application/json; charset=utf-8", info);
            case "/api/sample":
                return sample(exchange, ServeQuery.parse(query, SAMPLE_PARAMETERS, model.mode() == Mode.TEXT ? 1 : 10, limits));
            case "/api/stream":
                return stream(exchange, ServeQuery.parse(query, STREAM_PARAMETERS, 1, limits));
            default:
                return error(exchange, 404, "no such page: " + (path.length() > 100 ? path.substring(0, 100) + "..." : path)
                        + " (the server has /, /api/sample, /api/stream, /api/info and /health)");
        }
    }

    private static void noQuery(String query) {
        if (query != null && !query.isEmpty()) {
            throw new ServeQuery.BadRequest("this page takes no parameters");
        }
    }

    private static boolean hasBody(Headers h) {
        String length = h.getFirst("Content-Length");
        return h.containsKey("Transfer-Encoding") || (length != null && !length.trim().equals("0"));
    }

    /** The samples and the settings that drew them; names marked new or known when the server knows the training names. */
    private int sample(HttpExchange exchange, Sampling s) throws IOException {
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
        return json(exchange, 200, body);
    }

    /** One sample as plain UTF-8 text, each character sent the moment it is drawn (chunked). */
    private int stream(HttpExchange exchange, Sampling s) throws IOException {
        Sampling one = s.withCount(1);
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", "text/plain; charset=utf-8");
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        // Checked before the status is sent: a prefix the model cannot read is a 400, not a broken stream.
        model.sample(one.withCount(0));
        h.set("X-Dino-Settings", asciiJson(settings(one)));
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return 200;
        }
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        model.sample(one, (k, character) -> {
            try {
                out.write(character.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.close();
        return 200;
    }

    /**
     * JSON with every character outside printable ASCII written as a {@code \\uXXXX} escape, so it can travel in a
     * header: HTTP header values are bytes, and newer JDKs refuse a value with characters beyond Latin-1.
     */
    static String asciiJson(JsonElement json) {
        String raw = GSON.toJson(json);
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The settings a sampling used, as the query names them; the length the model's default when not given. */
    private JsonObject settings(Sampling s) {
        JsonObject o = new JsonObject();
        o.addProperty("count", s.count());
        o.addProperty("length", s.length() > 0 ? s.length() : model.mode() == Mode.TEXT ? 200 : 50);
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
        o.addProperty("default_length", model.mode() == Mode.TEXT ? 200 : 50);
        o.addProperty("max_count", limits.maxCount());
        o.addProperty("max_length", limits.maxLength());
        o.addProperty("known_names", known == null ? 0 : known.size());
        return o;
    }

    private static int error(HttpExchange exchange, int status, String message) {
        try {
            return json(exchange, status, Map.of("error", message));
        } catch (IOException e) {
            return status;
        } catch (IllegalStateException e) {
            return status; // headers were sent already (a stream that failed after it began)
        }
    }

    private static int json(HttpExchange exchange, int status, Object body) throws IOException {
        return send(exchange, status, "application/json; charset=utf-8", (GSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        if (type.startsWith("text/html")) {
            h.set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:");
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return status;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
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
