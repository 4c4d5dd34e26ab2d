// dino serve's page in a real browser (Debian's headless Chromium through ChromeDriver): controls, samples, errors.
package dino.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dino.lib.Model;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens the page {@link SampleServer} serves in headless Chromium, sets its controls as a person would, and reads
 * back what it shows, against what the API answers for the same settings. Needs {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} (Debian's chromium and chromium-driver; other paths in {@code DINO_CHROMIUM} and
 * {@code DINO_CHROMEDRIVER}). Without them the tests are skipped, unless {@code DINO_BROWSER_TESTS=required}
 * (as .ci/run sets), when they fail.
 */
class ServePageBrowserTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static SampleServer namesServer;
    private static SampleServer textServer;
    private static String namesUrl;
    private static String textUrl;
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        File chromium = new File(System.getenv().getOrDefault("DINO_CHROMIUM", "/usr/bin/chromium"));
        File driver = new File(System.getenv().getOrDefault("DINO_CHROMEDRIVER", "/usr/bin/chromedriver"));
        boolean present = chromium.canExecute() && driver.canExecute();
        if (!present && "required".equals(System.getenv("DINO_BROWSER_TESTS"))) {
            throw new IllegalStateException("DINO_BROWSER_TESTS=required, but " + chromium + " or " + driver
                    + " is missing: install Debian's chromium and chromium-driver");
        }
        Assumptions.assumeTrue(present, "no " + chromium + " or " + driver + ": browser tests skipped");

        PrintWriter log = new PrintWriter(new StringWriter(), true);
        Model names = Model.load(ServedModels.names());
        namesServer = new SampleServer(names, ServedModels.names(), new HashSet<>(names.trainingNames().orElseThrow()),
                new ServeQuery.Limits(100, 5000), log);
        namesUrl = "http://127.0.0.1:" + namesServer.start("127.0.0.1", 0, ServerLimits.defaults().withThreads(4)).getPort();
        textServer = new SampleServer(Model.load(ServedModels.text()), ServedModels.text(), null,
                new ServeQuery.Limits(10, 2000), log);
        textUrl = "http://127.0.0.1:" + textServer.start("127.0.0.1", 0, ServerLimits.defaults().withThreads(4)).getPort();

        profile = Files.createTempDirectory("dino-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // Flags for a machine with no network but loopback: no background connections, no sandbox as root.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (namesServer != null) {
            namesServer.stop();
            textServer.stop();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void open(String url) {
        browser.get(url);
        waiting().until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private static WebElement id(String id) {
        return browser.findElement(By.id(id));
    }

    private static void type(String id, String text) {
        WebElement e = id(id);
        e.clear();
        e.sendKeys(text);
    }

    /** A range input moved as a person would leave it: its value set, its input event fired. */
    private static void slide(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input', {bubbles: true}));", id, value);
    }

    private static void useSeed(long seed) {
        if (id("random-seed").isSelected()) {
            id("random-seed").click();
        }
        type("seed", String.valueOf(seed));
    }

    private static List<WebElement> samplesAfterClick(int expected) {
        id("generate").click();
        waiting().until(d -> d.findElement(By.id("generate")).isEnabled()
                && d.findElements(By.cssSelector("#samples li")).size() == expected);
        return browser.findElements(By.cssSelector("#samples li"));
    }

    private static JsonObject api(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void namesDrawnWithTheControlsAreTheApisWithTheirMarks() throws Exception {
        open(namesUrl + "/");
        assertEquals("Names from names.npz", id("title").getText());
        assertTrue(id("summary").getText().startsWith("rnn × 1, hidden 50, 27 characters, trained on bundled:dinos.txt"),
                id("summary").getText());
        assertEquals("50", id("length").getAttribute("value"), "the model's default length");

        type("count", "6");
        slide("temperature", "0.7");
        assertEquals("0.70", id("temperature-value").getText());
        type("prefix", "tyr");
        useSeed(42);
        List<WebElement> shown = samplesAfterClick(6);

        JsonObject expected = api(namesUrl + "/api/sample?count=6&length=50&temperature=0.7&top_k=0&prefix=tyr&seed=42");
        List<String> texts = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            JsonObject s = expected.getAsJsonArray("samples").get(k).getAsJsonObject();
            WebElement li = shown.get(k);
            texts.add(li.findElement(By.className("text")).getText());
            assertEquals(s.get("text").getAsString(), texts.get(k));
            assertTrue(texts.get(k).startsWith("Tyr"), texts.get(k));
            assertEquals(s.get("new").getAsBoolean() ? "new" : "known", li.findElement(By.className("mark")).getText());
        }
        assertTrue(id("status").getText().startsWith("6 names, seed 42, " + expected.get("new").getAsInt() + " new"),
                id("status").getText());
        assertFalse(id("error").isDisplayed());
    }

    @Test
    void aPrefixTheModelCannotReadShowsTheServersError() throws Exception {
        open(namesUrl + "/");
        type("prefix", "tyr7");
        useSeed(1);
        id("generate").click();
        waiting().until(d -> d.findElement(By.id("error")).isDisplayed());
        assertEquals("prefix has characters the model does not know: '7' (it knows '\\nabcdefghijklmnopqrstuvwxyz')",
                id("error").getText());
        assertTrue(browser.findElements(By.cssSelector("#samples li")).isEmpty());

        type("prefix", "a");
        samplesAfterClick(10);
        assertFalse(id("error").isDisplayed(), "the error goes once a request succeeds");
    }

    @Test
    void aNewSeedEachTimeDrawsNewNamesThatTheApiDrawsAgain() throws Exception {
        open(namesUrl + "/");
        assertTrue(id("random-seed").isSelected(), "a new seed each time by default");
        type("count", "5");
        List<String> first = new ArrayList<>();
        for (WebElement li : samplesAfterClick(5)) {
            first.add(li.findElement(By.className("text")).getText());
        }
        String seed = id("seed").getAttribute("value");
        samplesAfterClick(5);
        assertNotEquals(seed, id("seed").getAttribute("value"));
        List<String> again = new ArrayList<>();
        for (JsonElement e : api(namesUrl + "/api/sample?count=5&seed=" + seed).getAsJsonArray("samples")) {
            again.add(e.getAsJsonObject().get("text").getAsString());
        }
        assertEquals(again, first, "the seed shown draws the names shown");
    }

    @Test
    void aTextModelsSamplesStreamIntoThePage() throws Exception {
        open(textUrl + "/");
        assertTrue(id("title").getText().startsWith("Text from text.npz"));
        assertEquals("1", id("count").getAttribute("value"), "one text by default");
        assertEquals("200", id("length").getAttribute("value"));
        type("count", "2");
        type("length", "150");
        type("prefix", "The ");
        useSeed(5);
        id("generate").click();
        waiting().until(d -> d.findElement(By.id("status")).getText().startsWith("2 of 2 texts"));
        List<WebElement> shown = browser.findElements(By.cssSelector("#samples li pre"));
        JsonObject expected = api(textUrl + "/api/sample?count=2&length=150&prefix=The%20&seed=5");
        assertEquals(2, shown.size());
        for (int k = 0; k < 2; k++) {
            String text = (String) ((JavascriptExecutor) browser).executeScript("return arguments[0].textContent;", shown.get(k));
            assertEquals(expected.getAsJsonArray("samples").get(k).getAsJsonObject().get("text").getAsString(), text);
        }
    }
}
