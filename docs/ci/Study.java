// The false-alarm and sensitivity figures of docs/ci.md, from result files docs/ci/measure.sh wrote, through
// `dino bench compare` in one JVM. Run from the repository root:
//   java -cp cli/target/dino.jar docs/ci/Study.java target/ci-study 20
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

public class Study {
    static final int GROUP = 5;
    static final int DRAWS = 200;
    /** The two rules: the default (times decide) and the speed-up rule. */
    static final String[] MODES = {"", "--relative scalar"};

    static String label(String mode) {
        return mode.isEmpty() ? "default (times)" : mode;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        System.out.println("== false alarms: same build, same machine ==");
        for (String mode : MODES) {
            String label = label(mode);
            int[] first = new int[2];
            for (int j = 2; j <= runs; j++) {
                tally(first, compare(file(dir, j), file(dir, 1), mode));
            }
            System.out.printf("one run a side, runs 2..%d each against run 1, %s: %d of %d exit 4%n", runs, label, first[0], first[1]);
            int[] pairs = new int[2];
            for (int i = 1; i <= runs; i++) {
                for (int j = 1; j <= runs; j++) {
                    if (i != j) {
                        tally(pairs, compare(file(dir, j), file(dir, i), mode));
                    }
                }
            }
            System.out.printf("one run a side, every ordered pair of the %d runs, %s: %d of %d exit 4%n", runs, label, pairs[0], pairs[1]);
            int[] groups = new int[2];
            Random random = new Random(1);
            for (int d = 0; d < DRAWS; d++) {
                List<Integer> order = new ArrayList<>();
                for (int i = 1; i <= runs; i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                Path before = folder(dir, "draw-before", order.subList(0, GROUP), 1, 1);
                Path after = folder(dir, "draw-after", order.subList(GROUP, 2 * GROUP), 1, 1);
                tally(groups, compare(after, before, mode));
            }
            System.out.printf("%d runs a side (folders), %d random disjoint draws from the %d runs, %s: %d of %d exit 4%n", GROUP,
                    DRAWS, runs, label, groups[0], groups[1]);
        }
        System.out.println("== sensitivity: real and synthetic slowdowns ==");
        Path base = folder(dir, "base", List.of(1, 2, 3, 4, 5), 1, 1);
        String[][] cases = {
            {"--kernels scalar (the vector column times the scalar kernels)", "scalar"},
            {"-Ddino.vectorBits=128 (128-bit vectors in place of 512)", "bits128-"},
            {"vector rounds of runs 6-10 times 1.3", "x1.3"},
            {"vector rounds of runs 6-10 times 1.2", "x1.2"},
            {"every round (scalar and vector) of runs 6-10 times 1.5", "u1.5"},
        };
        for (String[] c : cases) {
            Path single;
            Path group;
            if (c[1].startsWith("x") || c[1].startsWith("u")) {
                double f = Double.parseDouble(c[1].substring(1));
                double scalar = c[1].startsWith("u") ? f : 1;
                single = slowed(file(dir, 6), dir.resolve("slow" + c[1] + ".json"), f, scalar);
                group = folder(dir, "slow" + c[1], List.of(6, 7, 8, 9, 10), f, scalar);
            } else if (!Files.exists(dir.resolve(c[1] + "1.json"))) {
                System.out.printf("%s: not measured (SENSITIVITY=0)%n", c[0]);
                continue;
            } else {
                single = dir.resolve(c[1] + "1.json");
                group = Files.createDirectories(dir.resolve("group-" + c[1]));
                for (int i = 1; i <= GROUP; i++) {
                    Files.copy(dir.resolve(c[1] + i + ".json"), group.resolve(c[1] + i + ".json"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String mode : MODES) {
                int[] one = compare(single, file(dir, 1), mode);
                int[] five = compare(group, base, mode);
                System.out.printf("%s, %s: run 1 against one such run: exit %d, %d of %d vector entries REGRESSED; runs 1-5 against "
                        + "five: exit %d, %d of %d%n", c[0], label(mode), one[0], one[1], one[2],
                        five[0], five[1], five[2]);
            }
        }
    }

    static Path file(Path dir, int i) {
        return dir.resolve("run" + i + ".json");
    }

    static void tally(int[] t, int[] result) {
        t[0] += result[0] == 4 ? 1 : 0;
        t[1]++;
    }

    /** Exit status, REGRESSED vector entries, vector entries. */
    static int[] compare(Path after, Path before, String mode) {
        List<String> command = new ArrayList<>(List.of("bench", "compare", before.toString(), after.toString()));
        if (!mode.isEmpty()) {
            command.addAll(List.of(mode.split(" ")));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = dino.cli.Main.run(command.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err));
        if (status != 0 && status != 4) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + status + ": " + err);
        }
        List<String> vector = out.toString().lines().filter(l -> l.contains("kernels=vector")).toList();
        long entries = vector.stream().map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1]).distinct().count();
        long regressed = vector.stream().filter(l -> l.endsWith("REGRESSED")).map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1])
                .distinct().count();
        return new int[] {status, (int) regressed, (int) entries};
    }

    /** A folder holding copies of the given runs, their vector rounds times f and scalar rounds times fs. */
    static Path folder(Path dir, String name, List<Integer> runs, double f, double fs) throws IOException {
        Path folder = dir.resolve("group-" + name);
        if (Files.isDirectory(folder)) {
            try (var old = Files.list(folder)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(folder);
        for (int i : runs) {
            slowed(file(dir, i), folder.resolve("run" + i + ".json"), f, fs);
        }
        return folder;
    }

    /** A copy of a dino --json file with every round's vector time times f and scalar time times fs. */
    static Path slowed(Path from, Path to, double f, double fs) throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(from)).getAsJsonObject();
        for (JsonElement e : root.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            r.add("vectorRounds", scaled(r.getAsJsonArray("vectorRounds"), f));
            r.add("scalarRounds", scaled(r.getAsJsonArray("scalarRounds"), fs));
            r.addProperty("vectorNs", r.get("vectorNs").getAsDouble() * f);
            r.addProperty("scalarNs", r.get("scalarNs").getAsDouble() * fs);
            r.addProperty("speedup", r.get("scalarNs").getAsDouble() / r.get("vectorNs").getAsDouble());
        }
        Files.writeString(to, root.toString());
        return to;
    }

    static JsonArray scaled(JsonArray values, double f) {
        JsonArray out = new JsonArray();
        for (JsonElement v : values) {
            out.add(v.getAsDouble() * f);
        }
        return out;
    }
}
