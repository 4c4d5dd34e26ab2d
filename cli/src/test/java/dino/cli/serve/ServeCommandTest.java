// `dino serve` as a user runs it: the address on stdout, a request log on stderr, a clean stop on SIGTERM, bad options.
package dino.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.cli.Cli;
import dino.cli.Processes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesUntilSigtermThenStopsCleanly() throws Exception {
        Process p = Processes.dino(dir, true, "serve", "--model", ServedModels.names().toString(), "--port", "0").start();
        try {
            Processes.awaitText(p, dir.resolve("stdout.txt"), "serving http://", 60_000);
            Matcher m = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+/)").matcher(Processes.stdout(dir));
            assertTrue(m.find(), Processes.stdout(dir));
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(m.group(1) + "health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            HttpResponse<String> names = client.send(HttpRequest.newBuilder(URI.create(m.group(1) + "api/sample?count=3&seed=5"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, names.statusCode());
            Processes.awaitText(p, dir.resolve("stderr.txt"), "GET /api/sample?count=3&seed=5 200", 10_000);

            Processes.signal(p, "TERM");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s");
            assertEquals(143, p.exitValue());
            String err = Processes.stderr(dir);
            assertTrue(err.lines().anyMatch(l -> l.matches("dino serve: .* known names; requests on (virtual threads|\\d+ threads); Ctrl-C stops")),
                    err);
            assertTrue(err.lines().anyMatch(l -> l.matches("GET /health 200 \\d+ ms")), err);
            assertTrue(err.strip().endsWith("dino serve: stopped"), err);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void badOptionsAndABusyPortAreOneLineErrors() throws Exception {
        String model = ServedModels.names().toString();
        Cli port = Cli.run("serve", "--model", model, "--port", "70000");
        assertEquals(2, port.exitCode);
        assertTrue(port.err.startsWith("dino: --port must be between 0 and 65535, got 70000"), port.err);

        Cli count = Cli.run("serve", "--model", model, "--max-count", "0");
        assertEquals(2, count.exitCode);
        assertTrue(count.err.startsWith("dino: --max-count must be between 1 and 100000"), count.err);

        Cli missing = Cli.run("serve", "--model", dir.resolve("nothing.npz").toString());
        assertEquals(2, missing.exitCode);
        assertTrue(missing.err.startsWith("dino: ") && missing.err.contains("nothing.npz"), missing.err);

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli busy = Cli.run("serve", "--model", model, "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, busy.exitCode);
            assertTrue(busy.err.startsWith("dino: cannot listen on 127.0.0.1:" + taken.getLocalPort()), busy.err);
            assertTrue(busy.err.contains("give another --port, or 0 for any free one"), busy.err);
        }

        String[][] limits = {
            {"--max-connections", "0", "between 1 and 1000000, got 0"},
            {"--max-header-bytes", "100", "between 1024 and 1048576, got 100"},
            {"--idle-timeout", "0", "between 1 and 86400, got 0"},
            {"--header-timeout", "0", "between 1 and 3600, got 0"},
            {"--threads", "0", "between 1 and 1024, got 0"},
        };
        for (String[] limit : limits) {
            Cli bad = Cli.run("serve", "--model", model, limit[0], limit[1]);
            assertEquals(2, bad.exitCode, limit[0]);
            assertTrue(bad.err.startsWith("dino: " + limit[0] + " must be " + limit[2]), bad.err);
        }

        Cli host = Cli.run("serve", "--model", model, "--host", "no-such-host.invalid", "--port", "0");
        assertEquals(2, host.exitCode);
        assertTrue(host.err.contains("give --host an address of this machine"), host.err);
    }

    @Test
    void helpNamesEveryLimitWithItsDefault() {
        Cli help = Cli.run("serve", "--help");
        assertEquals(0, help.exitCode);
        String text = help.out.replaceAll("\\s+", " ");
        for (String limit : new String[] {"--max-connections=N Open connections at most",
                "--max-header-bytes=N", "--idle-timeout=SECONDS", "--header-timeout=SECONDS", "--[no-]virtual-threads"}) {
            assertTrue(text.contains(limit), limit + " in: " + help.out);
        }
        assertTrue(text.contains("(default: " + ServerLimits.MAX_CONNECTIONS + ")"), help.out);
        assertTrue(text.contains("longer headers 431 (default: " + ServerLimits.MAX_HEADER_BYTES + ")"), help.out);
        assertTrue(text.contains("for this long (default: " + ServerLimits.IDLE_TIMEOUT_SECONDS + ")"), help.out);
        assertTrue(text.contains("first byte (default: " + ServerLimits.HEADER_TIMEOUT_SECONDS + ")"), help.out);
    }
}
