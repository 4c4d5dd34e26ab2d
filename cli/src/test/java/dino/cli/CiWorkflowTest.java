// docs/ci/bench.yml, the GitHub Actions workflow docs/ci.md describes: parsed (not run), its dino commands
// parsed by dino's own command line, and its steps wired to each other.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

class CiWorkflowTest {
    private static final Path WORKFLOW = Path.of("../docs/ci/bench.yml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> workflow() throws IOException {
        return new Yaml().load(Files.readString(WORKFLOW));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps() throws IOException {
        Map<String, Object> jobs = (Map<String, Object>) workflow().get("jobs");
        assertEquals(1, jobs.size(), "one job");
        Map<String, Object> job = (Map<String, Object>) jobs.values().iterator().next();
        assertTrue(job.containsKey("runs-on"));
        return (List<Map<String, Object>>) job.get("steps");
    }

    private static Map<String, Object> step(String name) throws IOException {
        return steps().stream().filter(s -> name.equals(s.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "'"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsOnPullRequestsAndOnPushesToMain() throws IOException {
        Map<String, Object> on = (Map<String, Object>) workflow().get("on");
        assertTrue(on.containsKey("pull_request"), "on: " + on);
        assertEquals(List.of("main"), ((Map<String, Object>) on.get("push")).get("branches"));
        Map<String, Object> permissions = (Map<String, Object>) workflow().get("permissions");
        assertEquals("write", permissions.get("pull-requests"));
        assertEquals("read", permissions.get("actions"));
    }

    /** Every `dino.jar ...` command in a run script, as the arguments after the jar. */
    private static List<String[]> dinoCommands() throws IOException {
        List<String[]> commands = new ArrayList<>();
        for (Map<String, Object> s : steps()) {
            Object run = s.get("run");
            if (run == null) {
                continue;
            }
            for (String line : run.toString().replace("\\\n", " ").split("\n")) {
                int jar = line.indexOf("cli/target/dino.jar ");
                if (jar >= 0) {
                    commands.add(line.substring(jar + "cli/target/dino.jar ".length()).trim().split("\\s+"));
                }
            }
        }
        return commands;
    }

    @Test
    void dinoCommandsParseWithTodaysOptions() throws IOException {
        List<String[]> commands = dinoCommands();
        assertEquals(5, commands.size(), "the base's and the pull request's runs in one loop, a run for the JMH file and the plot, "
                + "and two compares (A/B and the fallback)");
        for (String[] args : commands) {
            CommandLine.ParseResult parsed = Main.tree().parseArgs(args); // throws on an unknown or malformed option
            assertTrue(parsed.hasSubcommand(), Arrays.toString(args));
        }
        List<String> base = List.of(commands.get(0));
        List<String> runs = List.of(commands.get(1));
        assertEquals("bench", runs.get(0));
        assertEquals("\"main/runs/bench-$i.json\"", base.get(base.indexOf("--json") + 1));
        assertEquals("\"runs/bench-$i.json\"", runs.get(runs.indexOf("--json") + 1));
        // The two sides time the same suite.
        assertEquals(base.subList(0, base.indexOf("--json")), runs.subList(0, runs.indexOf("--json")));
        assertTrue(Integer.parseInt(runs.get(runs.indexOf("--rounds") + 1)) >= 4, "enough rounds for a 95% interval");
        List<String> jmh = List.of(commands.get(2));
        assertEquals("jmh", jmh.get(jmh.indexOf("--format") + 1));
        assertEquals(runs.get(runs.indexOf("--hidden") + 1), jmh.get(jmh.indexOf("--hidden") + 1));
        // A/B: times decide (no --relative); the stored result from another runner: speed-ups only.
        List<String> ab = List.of(commands.get(3));
        List<String> fallback = List.of(commands.get(4));
        for (List<String> compare : List.of(ab, fallback)) {
            assertEquals(List.of("bench", "compare", "main/runs", "runs"), compare.subList(0, 4));
            assertEquals("summary.md", compare.get(compare.indexOf("--summary") + 1));
        }
        assertTrue(!ab.contains("--relative") && !ab.contains("--ratio-only"), ab.toString());
        assertEquals("scalar", fallback.get(fallback.indexOf("--relative") + 1));
        String loop = step("Time the kernels").get("run").toString();
        assertTrue(loop.contains("for i in 1 2 3 4 5; do"), "five runs: " + loop);
        // Interleaved: in each turn of the loop the base runs, then the pull request.
        assertTrue(loop.indexOf("base/cli/target/dino.jar") < loop.indexOf(" cli/target/dino.jar") && loop.indexOf("done")
                > loop.indexOf(" cli/target/dino.jar"), loop);
    }

    @Test
    @SuppressWarnings("unchecked")
    void stepsAreWiredToEachOther() throws IOException {
        // main's run stores bench.json under the name the pull request's run downloads into main/.
        Map<String, Object> store = step("Store main's result");
        assertEquals("github.event_name == 'push'", store.get("if"));
        Map<String, Object> with = (Map<String, Object>) store.get("with");
        assertTrue(with.get("path").toString().contains("runs/"));
        Map<String, Object> fetchStep = step("Fetch main's result");
        String fetch = fetchStep.get("run").toString();
        assertTrue(fetch.contains("--name " + with.get("name")) && fetch.contains("--dir main"), fetch);
        // The stored result is the fallback: fetched only when the base was not built and timed here.
        Map<String, Object> base = step("Build the base");
        assertEquals(true, base.get("continue-on-error"));
        assertTrue(base.get("run").toString().contains("echo \"ab=true\" >> \"$GITHUB_OUTPUT\""), base.toString());
        assertTrue(fetchStep.get("if").toString().contains("steps." + base.get("id") + ".outputs.ab != 'true'"), fetchStep.toString());
        assertTrue(step("Time the kernels").get("env").toString().contains("steps." + base.get("id") + ".outputs.ab"));
        // The comparison's exit status (4 on a regression) fails the job after the summary is posted.
        String compare = step("Compare with main").get("run").toString();
        assertTrue(compare.contains("status=$?") && compare.contains("exit \"$status\""), compare);
        assertTrue(compare.contains(">> \"$GITHUB_STEP_SUMMARY\""), compare);
        Map<String, Object> post = step("Post the summary on the pull request");
        assertTrue(post.get("if").toString().startsWith("always()"), post.toString());
        assertTrue(post.get("run").toString().contains("--body-file summary.md"));
    }
}
