// The space a sweep searches: a grid of listed values, or ranges drawn at random; and the trials it gives.
package dino.cli.sweep;

import dino.api.DinoException;
import dino.api.TrainingConfig;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A space written as {@code name=VALUES} words separated by spaces, a name being any {@link SweepSetting}:
 * <pre>
 *   cell=lstm,gru hidden=128,256 lr=0.002,0.005        a grid: every combination, the first setting slowest
 *   lr=1e-4..1e-2:log hidden=64..256 cell=lstm,gru     random (with --trials N): each trial draws every setting
 * </pre>
 * A range {@code lo..hi} is drawn uniformly, {@code :log} uniformly in its logarithm (what "between 1e-4 and 1e-2"
 * means for a learning rate); a whole-number setting draws whole numbers, a real one is rounded to 3 significant
 * digits so that tables read well. Trial i of a random search draws from a stream seeded with the sweep's seed and i
 * only, so a longer search begins with the trials of a shorter one. Every value, and both ends of every range, is
 * checked against {@link TrainingConfig}'s limits before any trial runs.
 */
final class SweepSpace {
    /** One setting's values: a list, or a range (lo, hi, log). */
    record Dimension(SweepSetting setting, List<String> values, double lo, double hi, boolean log) {
        boolean range() {
            return values == null;
        }

        String written() {
            return setting.label + "=" + (range() ? plain(lo) + ".." + plain(hi) + (log ? ":log" : "") : String.join(",", values));
        }
    }

    private final List<Dimension> dimensions;
    private final boolean random;

    private SweepSpace(List<Dimension> dimensions, boolean random) {
        this.dimensions = dimensions;
        this.random = random;
    }

    /**
     * Parses a space; {@code option} ({@code --grid}, {@code --random}) names it in errors. Values are checked on
     * {@code base}: a value a config refuses is an error naming the setting and its limit.
     */
    static SweepSpace parse(String spec, boolean random, TrainingConfig base, String option) {
        List<Dimension> dims = new ArrayList<>();
        for (String word : spec.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new DinoException(option + ": '" + word + "' is not name=values (e.g. hidden=64,128)");
            }
            SweepSetting setting = SweepSetting.named(word.substring(0, eq), option);
            for (Dimension d : dims) {
                if (d.setting() == setting) {
                    throw new DinoException(option + ": " + setting.label + " is given twice");
                }
            }
            dims.add(dimension(setting, word, word.substring(eq + 1), random, base, option));
        }
        if (dims.isEmpty()) {
            throw new DinoException(option + ": the space is empty: give name=values (e.g. hidden=64,128)");
        }
        return new SweepSpace(List.copyOf(dims), random);
    }

    private static Dimension dimension(SweepSetting s, String word, String values, boolean random, TrainingConfig base,
                                       String option) {
        String where = option + " " + word;
        int dots = values.indexOf("..");
        if (dots >= 0) {
            if (!random) {
                throw new DinoException(where + ": a range is drawn at random: use --random with --trials N, or list values");
            }
            if (s.kind == SweepSetting.Kind.WORD) {
                throw new DinoException(where + ": " + s.label + " takes a list of values, not a range");
            }
            String rest = values.substring(dots + 2);
            boolean log = rest.endsWith(":log");
            if (log) {
                rest = rest.substring(0, rest.length() - 4);
            } else if (rest.contains(":")) {
                throw new DinoException(where + ": a range is lo..hi or lo..hi:log");
            }
            String loText = values.substring(0, dots);
            double lo = s.kind == SweepSetting.Kind.INT ? s.whole(loText, where) : s.real(loText, where);
            double hi = s.kind == SweepSetting.Kind.INT ? s.whole(rest, where) : s.real(rest, where);
            if (!(lo <= hi)) {
                throw new DinoException(where + ": the range is empty (" + plain(lo) + " is above " + plain(hi) + ")");
            }
            if (log && !(lo > 0)) {
                throw new DinoException(where + ": a log range needs ends above 0");
            }
            check(s, plain(lo), base, where);
            check(s, plain(hi), base, where);
            return new Dimension(s, null, lo, hi, log);
        }
        List<String> list = new ArrayList<>();
        for (String v : values.split(",", -1)) {
            if (v.isBlank()) {
                throw new DinoException(where + ": " + (values.isBlank() ? "no values" : "an empty value in the list"));
            }
            check(s, v, base, where);
            list.add(v);
        }
        return new Dimension(s, List.copyOf(list), 0, 0, false);
    }

    /** Builds {@code base} with the value: the config's own check, its message in the sweep's names. */
    private static void check(SweepSetting s, String value, TrainingConfig base, String where) {
        TrainingConfig.Builder b = base.toBuilder();
        try {
            s.apply(b, value, where);
            b.build();
        } catch (DinoException e) {
            String m = SweepSetting.message(e);
            throw new DinoException(m.startsWith(where) ? m : where + ": " + m);
        }
    }

    boolean random() {
        return random;
    }

    List<Dimension> dimensions() {
        return dimensions;
    }

    /** The space as written, normalized (one space between words); the manifest keeps it. */
    String written() {
        List<String> words = new ArrayList<>();
        for (Dimension d : dimensions) {
            words.add(d.written());
        }
        return String.join(" ", words);
    }

    /** The grid's size. */
    int gridSize() {
        long n = 1;
        for (Dimension d : dimensions) {
            n *= d.values().size();
            if (n > 1_000_000) {
                throw new DinoException("--grid: more than 1000000 combinations");
            }
        }
        return (int) n;
    }

    /**
     * The trials: the grid's combinations, or {@code count} random draws. Trial i trains with seed {@code seed + i}
     * unless the space sets the seed itself.
     */
    List<Trial> trials(TrainingConfig base, int count) {
        int n = random ? count : gridSize();
        List<Trial> trials = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, String> varied = random ? drawn(base.seed(), i) : combination(i);
            TrainingConfig.Builder b = base.toBuilder();
            if (!varied.containsKey(SweepSetting.SEED.label)) {
                long seed = base.seed() + i;
                if (seed > TrainingConfig.MAX_SEED) {
                    throw new DinoException("--seed " + base.seed() + " leaves no seed for trial " + i
                            + ": the largest is " + TrainingConfig.MAX_SEED);
                }
                b.seed(seed);
            }
            for (Map.Entry<String, String> e : varied.entrySet()) {
                SweepSetting.named(e.getKey(), "trial").apply(b, e.getValue(), "trial " + i);
            }
            TrainingConfig config;
            try {
                config = b.build();
            } catch (DinoException e) {
                throw new DinoException("trial " + i + " (" + Trial.words(varied) + "): " + SweepSetting.message(e));
            }
            trials.add(Trial.of(i, varied, config));
        }
        return trials;
    }

    /** Combination i of the grid, the last setting fastest. */
    private Map<String, String> combination(int i) {
        Map<String, String> values = new LinkedHashMap<>();
        int rest = i;
        int[] pick = new int[dimensions.size()];
        for (int d = dimensions.size() - 1; d >= 0; d--) {
            int size = dimensions.get(d).values().size();
            pick[d] = rest % size;
            rest /= size;
        }
        for (int d = 0; d < dimensions.size(); d++) {
            values.put(dimensions.get(d).setting().label, dimensions.get(d).values().get(pick[d]));
        }
        return values;
    }

    /** Trial i's draws: a stream of its own, from the sweep's seed and i. */
    private Map<String, String> drawn(long seed, int i) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        Map<String, String> values = new LinkedHashMap<>();
        for (Dimension d : dimensions) {
            String v;
            if (!d.range()) {
                v = d.values().get(random.nextInt(d.values().size()));
            } else {
                double u = random.nextDouble();
                double x = d.log() ? Math.exp(Math.log(d.lo()) + u * (Math.log(d.hi()) - Math.log(d.lo())))
                        : d.lo() + u * (d.hi() - d.lo());
                if (d.setting().kind == SweepSetting.Kind.INT) {
                    v = Long.toString(Math.max((long) d.lo(), Math.min((long) d.hi(), Math.round(x))));
                } else {
                    v = plain(Math.max(d.lo(), Math.min(d.hi(), new BigDecimal(x).round(new MathContext(3)).doubleValue())));
                }
            }
            values.put(d.setting().label, v);
        }
        return values;
    }

    /** A number as a person writes it: 128, not 128.0; 0.002 and 1.0E-4 as Java writes them. */
    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
