// dino serve over real HTTP (the JDK's HttpClient): every endpoint, every refusal, many clients at once, the log.
package dino.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dino.api.Sampling;
import dino.cli.shared.ModelFacts;
import dino.cli.shared.Text;
import dino.lib.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServeTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final StringWriter LOG = new StringWriter();
    private static Model names;
    private static Model text;
    private static Set<String> known;
    private static SampleServer namesServer;
    private static SampleServer textServer;
    private static String namesUrl;
    private static String textUrl;

    @BeforeAll
    static void serve() throws IOException {
        names = Model.load(ServedModels.names());
        text = Model.load(ServedModels.text());
        known = new HashSet<>(names.trainingNames().orElseThrow());
        PrintWriter log = new PrintWriter(LOG, true);
        namesServer = new SampleServer(names, ServedModels.names(), known, new ServeQuery.Limits(100, 5000), log);
        namesUrl = "http://127.0.0.1:" + namesServer.start("127.0.0.1", 0, ServerLimits.defaults().withThreads(8)).getPort();
        textServer = new SampleServer(text, ServedModels.text(), null, new ServeQuery.Limits(20, 3000), log);
        textUrl = "http://127.0.0.1:" + textServer.start("127.0.0.1", 0, ServerLimits.defaults().withThreads(4)).getPort();
    }

    @AfterAll
    static void stop() {
        namesServer.stop();
        textServer.stop();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        assertTrue(r.body().endsWith("\n") && r.body().indexOf('\n') == r.body().length() - 1, "one line: " + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static List<String> texts(JsonObject body) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : body.getAsJsonArray("samples")) {
            out.add(e.getAsJsonObject().get("text").getAsString());
        }
        return out;
    }

    @Test
    void healthAndInfo() throws Exception {
        HttpResponse<String> health = get(namesUrl + "/health");
        assertEquals(200, health.statusCode());
        assertEquals("ok", json(health).get("status").getAsString());

        JsonObject info = json(get(namesUrl + "/api/info"));
        assertEquals("rnn", info.get("cell").getAsString());
        assertEquals(50, info.get("hidden").getAsInt(), "numbers are JSON numbers");
        assertEquals(2000, info.get("iterations").getAsLong());
        assertEquals("lines", info.get("mode").getAsString());
        assertEquals("bundled:dinos.txt", info.get("data").getAsString());
        assertEquals(names.vocabulary(), info.get("characters").getAsString());
        assertEquals(known.size(), info.get("known_names").getAsInt());
        assertEquals(100, info.get("max_count").getAsInt());
        assertEquals(50, info.get("default_length").getAsInt());
        assertTrue(info.get("data_sha256").getAsJsonPrimitive().isString());
        for (String key : ModelFacts.of(names, ServedModels.names()).keySet()) {
            assertTrue(info.has(key.replace(' ', '_')), "info has every fact dino info prints: " + key);
        }
        assertEquals("text", json(get(textUrl + "/api/info")).get("mode").getAsString());
    }

    @Test
    void samplesAreTheModelsWithTheSettingsUsedAndNewMarks() throws Exception {
        HttpResponse<String> r = get(namesUrl + "/api/sample?count=7&temperature=0.8&top_k=5&prefix=Ste&seed=12&length=30");
        assertEquals(200, r.statusCode());
        JsonObject body = json(r);
        JsonObject settings = body.getAsJsonObject("settings");
        assertEquals(7, settings.get("count").getAsInt());
        assertEquals(0.8, settings.get("temperature").getAsDouble());
        assertEquals(5, settings.get("top_k").getAsInt());
        assertEquals("Ste", settings.get("prefix").getAsString());
        assertEquals(12, settings.get("seed").getAsLong());
        assertEquals(30, settings.get("length").getAsInt());
        List<String> expected = names.sample(Sampling.defaults().withCount(7).withTemperature(0.8).withTopK(5)
                .withPrefix("Ste").withSeed(12).withLength(30));
        JsonArray samples = body.getAsJsonArray("samples");
        assertEquals(7, samples.size());
        int fresh = 0;
        for (int k = 0; k < 7; k++) {
            JsonObject s = samples.get(k).getAsJsonObject();
            assertEquals(Text.capitalize(expected.get(k)), s.get("text").getAsString());
            assertTrue(s.get("text").getAsString().startsWith("Ste"));
            assertEquals(12 + k, s.get("seed").getAsLong());
            assertEquals(!known.contains(expected.get(k)), s.get("new").getAsBoolean());
            fresh += s.get("new").getAsBoolean() ? 1 : 0;
        }
        assertEquals(fresh, body.get("new").getAsInt());
    }

    @Test
    void namesTheModelLearnedAreMarkedKnown() throws Exception {
        // Near argmax, the model draws the commonest endings of its training names: some come out whole.
        JsonObject body = json(get(namesUrl + "/api/sample?count=100&temperature=0.3&seed=0"));
        int knownCount = 0;
        for (JsonElement e : body.getAsJsonArray("samples")) {
            JsonObject s = e.getAsJsonObject();
            boolean isKnown = known.contains(s.get("text").getAsString().toLowerCase(java.util.Locale.ROOT));
            assertEquals(!isKnown, s.get("new").getAsBoolean());
            knownCount += isKnown ? 1 : 0;
        }
        assertTrue(knownCount > 0, "some names are known: " + body);
        assertEquals(100 - knownCount, body.get("new").getAsInt());
    }

    @Test
    void aRequestWithoutASeedGetsARandomOneThatDrawsItAgain() throws Exception {
        JsonObject first = json(get(namesUrl + "/api/sample?count=4"));
        JsonObject second = json(get(namesUrl + "/api/sample?count=4"));
        long seed = first.getAsJsonObject("settings").get("seed").getAsLong();
        assertNotEquals(seed, second.getAsJsonObject("settings").get("seed").getAsLong());
        assertEquals(texts(first), texts(json(get(namesUrl + "/api/sample?count=4&seed=" + seed))));
        assertEquals(10, json(get(namesUrl + "/api/sample?seed=1")).getAsJsonArray("samples").size(), "names: 10 by default");
        assertEquals(1, json(get(textUrl + "/api/sample?seed=1")).getAsJsonArray("samples").size(), "text: 1 by default");
    }

    @Test
    void aStreamIsTheSampleSentAsItIsDrawn() throws Exception {
        HttpResponse<String> r = get(textUrl + "/api/stream?length=400&seed=9&prefix=The%20&temperature=0.9");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; charset=utf-8"));
        assertTrue(r.headers().firstValue("Content-Length").isEmpty(), "chunked: " + r.headers());
        String expected = text.sample(Sampling.defaults().withCount(1).withLength(400).withSeed(9).withPrefix("The ")
                .withTemperature(0.9)).get(0);
        assertEquals(expected, r.body());
        assertEquals(expected, texts(json(get(textUrl + "/api/sample?count=1&length=400&seed=9&prefix=The%20&temperature=0.9")))
                .get(0));
        JsonObject settings = JsonParser.parseString(r.headers().firstValue("X-Dino-Settings").orElseThrow()).getAsJsonObject();
        assertEquals(9, settings.get("seed").getAsLong());

        HttpResponse<String> name = get(namesUrl + "/api/stream?seed=3&prefix=tyr");
        assertEquals(names.sample(Sampling.defaults().withCount(1).withSeed(3).withPrefix("tyr")).get(0), name.body());
    }

    @Test
    void settingsInAHeaderAreAsciiJsonThatReadsBackTheSame() {
        JsonObject settings = new JsonObject();
        settings.addProperty("prefix", "\u20ac\u00ff\"\\\n\t\ud83e\udd95 T");
        settings.addProperty("seed", 7);
        String header = ServeAnswers.asciiJson(settings);
        assertTrue(header.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), header);
        assertEquals(settings, JsonParser.parseString(header));
    }

    @Test
    void badRequestsAre400WithOneLineThatSaysWhatToDo() throws Exception {
        String[][] cases = {
            {"/api/sample?count=abc", "count must be a whole number, got 'abc'"},
            {"/api/sample?count=101", "count must be between 0 and 100 on this server, got 101"},
            {"/api/sample?count=-1", "count must be between 0 and 100"},
            {"/api/sample?length=0", "length must be between 1 and 5000"},
            {"/api/sample?length=5001", "length must be between 1 and 5000"},
            {"/api/sample?temperature=0", "temperature must be a positive number"},
            {"/api/sample?temperature=hot", "temperature must be a number, got 'hot'"},
            {"/api/sample?temperature=NaN", "temperature must be a number"},
            {"/api/sample?top_k=-2", "top_k must be 0 or more, got -2"},
            {"/api/sample?seed=-1", "seed must be a whole number between 0 and"},
            {"/api/sample?prefix=T%C3%BF", "prefix has characters the model does not know: 'ÿ'"},
            {"/api/sample?prefix=a%0Ab", "prefix of a name cannot hold a line break"},
            {"/api/sample?prefix=" + "a".repeat(5000), "prefix must be shorter than the longest sample, 5000 characters"},
            {"/api/sample?colour=red", "unknown parameter 'colour': the parameters are count, length, temperature, top_k, prefix, seed"},
            {"/api/sample?count=2&count=3", "parameter 'count' is given twice"},
            {"/api/sample?count=", "parameter 'count' needs a value"},
            {"/api/stream?count=2", "unknown parameter 'count'"},
            {"/api/stream?prefix=%E2%82%AC", "prefix has characters the model does not know"},
            {"/api/info?verbose=1", "this page takes no parameters"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = get(namesUrl + c[0]);
            assertEquals(400, r.statusCode(), c[0]);
            String error = json(r).get("error").getAsString();
            assertTrue(error.startsWith(c[1]), c[0] + " -> " + error);
        }
        HttpResponse<String> tooMany = get(textUrl + "/api/sample?count=21");
        assertEquals("count must be between 0 and 20 on this server, got 21", json(tooMany).get("error").getAsString());
    }

    @Test
    void otherPathsMethodsBodiesAndHugeQueriesAreRefused() throws Exception {
        HttpResponse<String> missing = get(namesUrl + "/etc/passwd");
        assertEquals(404, missing.statusCode());
        assertTrue(json(missing).get("error").getAsString().startsWith("no such page: /etc/passwd"));
        HttpResponse<String> above = get(namesUrl + "/../cli/pom.xml");
        assertEquals(400, above.statusCode(), "a path above the root is malformed");
        assertTrue(json(above).get("error").getAsString().startsWith("bad request"), above.body());
        assertEquals(404, get(namesUrl + "/serve.html").statusCode(), "the page is served at / only");

        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create(namesUrl + "/api/sample"))
                .POST(HttpRequest.BodyPublishers.ofString("count=3")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        assertEquals("POST is not served: use GET", json(post).get("error").getAsString());

        HttpResponse<String> body = CLIENT.send(HttpRequest.newBuilder(URI.create(namesUrl + "/api/sample"))
                .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, body.statusCode());

        HttpResponse<String> huge = get(namesUrl + "/api/sample?prefix=" + "a".repeat(ServerLimits.MAX_HEADER_BYTES));
        assertEquals(414, huge.statusCode());
        assertTrue(json(huge).get("error").getAsString().contains("longer than " + ServerLimits.MAX_HEADER_BYTES + " bytes"));

        HttpResponse<Void> head = CLIENT.send(HttpRequest.newBuilder(URI.create(namesUrl + "/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
    }

    @Test
    void thePageIsOneSelfContainedDocument() throws Exception {
        HttpResponse<String> page = get(namesUrl + "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("id=\"generate\""));
        assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing loaded from elsewhere");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    }

    @Test
    void manyClientsAtOnceGetWhatOneClientGets() throws Exception {
        List<List<String>> serial = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            serial.add(texts(json(get(namesUrl + "/api/sample?count=7&temperature=0.9&seed=" + (1000 + 7 * i)))));
        }
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 40; i++) {
                    int seed = 1000 + 7 * i;
                    answers.add(clients.submit(() -> texts(json(get(namesUrl + "/api/sample?count=7&temperature=0.9&seed=" + seed)))));
                }
            }
            for (int a = 0; a < answers.size(); a++) {
                assertEquals(serial.get(a % 40), answers.get(a).get());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void everyRequestIsOneLineOfTheLog() throws Exception {
        get(namesUrl + "/api/sample?count=2&seed=77&prefix=logged");
        get(namesUrl + "/nowhere-logged");
        // A line is written once its answer is sent, so it may come a moment after the client has it, and the first
        // request's line may come after the second's: wait for both.
        long end = System.nanoTime() + 10_000_000_000L;
        while (!(LOG.toString().contains("/nowhere-logged 404") && LOG.toString().contains("prefix=logged 200"))
                && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        String log = LOG.toString();
        assertTrue(log.lines().anyMatch(l -> l.matches("GET /api/sample\\?count=2&seed=77&prefix=logged 200 \\d+ ms")), log);
        assertTrue(log.lines().anyMatch(l -> l.matches("GET /nowhere-logged 404 \\d+ ms")), log);
    }
}
