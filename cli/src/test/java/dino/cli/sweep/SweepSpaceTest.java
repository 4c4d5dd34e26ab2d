// The space of a sweep: grids in order, random draws in their ranges (log ranges in the logarithm), seeds, bad input.
package dino.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import dino.api.TrainingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSpaceTest {
    private static final TrainingConfig BASE = TrainingConfig.builder().valFraction(0.1).build();

    private static List<Trial> grid(String spec, TrainingConfig base) {
        return SweepSpace.parse(spec, false, base, "--grid").trials(base, 0);
    }

    private static List<Trial> random(String spec, TrainingConfig base, int n) {
        return SweepSpace.parse(spec, true, base, "--random").trials(base, n);
    }

    @Test
    void aGridIsEveryCombinationTheFirstSettingSlowest() {
        List<Trial> trials = grid("cell=lstm,gru hidden=128,256 lr=0.002,0.005", BASE);
        assertEquals(8, trials.size());
        assertEquals(Map.of("cell", "lstm", "hidden", "128", "learning-rate", "0.002"), trials.get(0).varied());
        assertEquals(Map.of("cell", "lstm", "hidden", "128", "learning-rate", "0.005"), trials.get(1).varied());
        assertEquals(Map.of("cell", "gru", "hidden", "256", "learning-rate", "0.005"), trials.get(7).varied());
        TrainingConfig last = trials.get(7).config();
        assertEquals(TrainingConfig.Cell.GRU, last.cell());
        assertEquals(256, last.hidden());
        assertEquals(0.005, last.learningRate());
        assertEquals(0.1, last.valFraction(), "the base's settings stay");
        for (Trial t : trials) {
            assertEquals(t.index(), t.seed(), "trial i trains with seed 0 + i");
            assertEquals(t.seed(), t.config().seed());
        }
    }

    @Test
    void seedsStartAtTheBaseSeedUnlessTheSpaceVariesIt() {
        TrainingConfig base = BASE.toBuilder().seed(10).build();
        List<Trial> trials = grid("hidden=16,32,64", base);
        assertEquals(List.of(10L, 11L, 12L), trials.stream().map(Trial::seed).toList());
        List<Trial> seeds = grid("hidden=16 seed=3,3,7", base);
        assertEquals(List.of(3L, 3L, 7L), seeds.stream().map(Trial::seed).toList());
    }

    @Test
    void aTrialTravelsAsStringsAndComesBackTheSameConfig() {
        for (Trial t : random("lr=1e-4..1e-2:log dropout=0..0.5 layers=1,2 cell=lstm,gru", BASE, 10)) {
            TrainingConfig c = t.config();
            assertEquals(c, new Trial(t.index(), t.varied(), t.settings()).config());
            assertEquals(Double.parseDouble(t.varied().get("learning-rate")), c.learningRate());
        }
    }

    @Test
    void randomDrawsStayInTheirRangesAndRepeatForTheSameSeed() {
        String spec = "lr=1e-4..1e-2:log hidden=64..256 dropout=0..0.3 cell=lstm,gru";
        List<Trial> a = random(spec, BASE, 40);
        assertEquals(a, random(spec, BASE, 40), "the same seed draws the same trials");
        assertEquals(a.subList(0, 5), random(spec, BASE, 5), "a longer search begins with a shorter one's trials");
        assertNotEquals(a, random(spec, BASE.toBuilder().seed(1).build(), 40));
        boolean sawLstm = false;
        boolean sawGru = false;
        for (Trial t : a) {
            TrainingConfig c = t.config();
            assertTrue(c.learningRate() >= 1e-4 && c.learningRate() <= 1e-2, t.toString());
            assertTrue(c.hidden() >= 64 && c.hidden() <= 256, t.toString());
            assertTrue(c.dropout() >= 0 && c.dropout() <= 0.3, t.toString());
            sawLstm |= c.cell() == TrainingConfig.Cell.LSTM;
            sawGru |= c.cell() == TrainingConfig.Cell.GRU;
            String lr = t.varied().get("learning-rate");
            assertEquals(Double.parseDouble(lr), new java.math.BigDecimal(lr).round(new java.math.MathContext(3)).doubleValue(),
                    "rounded to 3 significant digits: " + lr);
        }
        assertTrue(sawLstm && sawGru);
    }

    @Test
    void aLogRangeIsUniformInTheLogarithm() {
        // Uniform in log: half the draws below the geometric middle 1e-3; uniform in the value: 9% of them.
        List<Trial> log = random("lr=1e-4..1e-2:log", BASE, 400);
        List<Trial> linear = random("lr=1e-4..1e-2", BASE, 400);
        long logBelow = log.stream().filter(t -> t.config().learningRate() < 1e-3).count();
        long linearBelow = linear.stream().filter(t -> t.config().learningRate() < 1e-3).count();
        assertTrue(logBelow > 150 && logBelow < 250, "log range: " + logBelow + " of 400 below 1e-3");
        assertTrue(linearBelow < 70, "linear range: " + linearBelow + " of 400 below 1e-3");
    }

    private static String error(String spec, boolean random) {
        return assertThrows(DinoException.class, () -> SweepSpace.parse(spec, random, BASE, random ? "--random" : "--grid"))
                .getMessage();
    }

    @Test
    void badSpacesAreOneLineErrorsThatSayWhat() {
        assertEquals("--grid: unknown setting 'hiden': use one of hidden, learning-rate, clip, optimizer, seed, mode, "
                + "seq-length, val-fraction, batch-size, precision, cell, layers, dropout, products", error("hiden=64", false));
        assertEquals("--random lr=0.1..0.01: the range is empty (0.1 is above 0.01)", error("lr=0.1..0.01", true));
        assertEquals("--grid hidden=64,40000: hidden must be between 1 and 32768, got 40000", error("hidden=64,40000", false));
        assertEquals("--random hidden=1..40000: hidden must be between 1 and 32768, got 40000", error("hidden=1..40000", true));
        assertEquals("--grid dropout=0,1: dropout must be in [0, 1), got 1.0", error("dropout=0,1", false));
        assertEquals("--grid cell=lstm,tree: cell must be rnn, lstm or gru, got 'tree'", error("cell=lstm,tree", false));
        assertEquals("--grid cell=: no values", error("cell=", false));
        assertEquals("--grid cell=lstm,,gru: an empty value in the list", error("cell=lstm,,gru", false));
        assertEquals("--grid hidden=64..128: a range is drawn at random: use --random with --trials N, or list values",
                error("hidden=64..128", false));
        assertEquals("--random cell=a..b: cell takes a list of values, not a range", error("cell=a..b", true));
        assertEquals("--random lr=0..0.1:log: a log range needs ends above 0", error("lr=0..0.1:log", true));
        assertEquals("--grid hidden=1.5: hidden takes a whole number, got '1.5'", error("hidden=1.5", false));
        assertEquals("--grid: lr is given twice".replace("lr", "learning-rate"), error("lr=0.1 learning-rate=0.2", false));
        assertEquals("--grid: 'hidden' is not name=values (e.g. hidden=64,128)", error("hidden", false));
        assertEquals("--grid: the space is empty: give name=values (e.g. hidden=64,128)", error("  ", false));
        for (String m : List.of(error("hiden=64", false), error("lr=0.1..0.01", true))) {
            assertEquals(1, m.lines().count(), m);
        }
    }

    @Test
    void settingsAreNamedAsTrainsFlagsOrAsTheApiNamesThem() {
        Map<String, String> a = grid("learning-rate=0.1 batch-size=4", BASE).get(0).varied();
        Map<String, String> b = grid("learningRate=0.1 batchSize=4", BASE).get(0).varied();
        assertEquals(a, b);
        assertEquals(Map.of("learning-rate", "0.1", "batch-size", "4"), a);
    }
}
