// Sampler behaviour: the length cap, and a sequence that depends on its seed and on nothing else.
package dino.engine.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final Model MODEL = Model.initialize(new Layout(8, 5, 5), 1);

    private static int[] draw(Sampler<double[]> sampler, long seed) {
        int[] out = new int[51];
        return Arrays.copyOf(out, sampler.sample(seed, out));
    }

    @Test
    void samplerStopsAfterMaxLengthAndAppendsTheNewline() {
        Layout l = new Layout(8, 5, 5);
        Model model = Model.initialize(l, 1);
        model.w[l.by] = -1000;
        Sampler<double[]> sampler = new Sampler<>(model, new ScalarKernels(), 0, 50, true);
        int[] out = new int[51];
        assertEquals(51, sampler.sample(3, out));
        assertEquals(0, out[50]);
        for (int i = 0; i < 50; i++) {
            assertNotEquals(0, out[i]);
        }
    }

    /** Same seed, same sequence, from another sampler or after other draws; other seeds, other sequences. */
    @Test
    void aSequenceDependsOnItsSeedAndNothingElse() {
        Sampler<double[]> first = new Sampler<>(MODEL, new ScalarKernels(), 0, 50, true);
        Sampler<double[]> second = new Sampler<>(MODEL, new ScalarKernels(), 0, 50, true);
        int[] seven = draw(first, 7);
        assertEquals(0, seven[seven.length - 1], "a name ends with the newline");
        draw(second, 8);
        draw(second, 123_456);
        assertArrayEquals(seven, draw(second, 7), "another sampler, after other draws");
        assertArrayEquals(seven, draw(first, 7), "the same sampler again");

        Set<List<Integer>> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            distinct.add(Arrays.stream(draw(first, seed)).boxed().toList());
        }
        assertTrue(distinct.size() >= 10, "20 seeds gave only " + distinct.size() + " different names");
    }

    /**
     * Text samples of seeds 0 … 7 share no run of 30 characters, on a model whose output does not depend on
     * its state (Wya = 0, so every character is drawn from the same distribution): with the names' scheme
     * (reseeding at every character with seed + counter) the sample of seed s + 2 repeats that of seed s
     * one character later, which is how text samples used to copy one another.
     */
    @Test
    void textSamplesOfDifferentSeedsAreIndependent() {
        Layout l = new Layout(8, 12, 12);
        Model model = Model.initialize(l, 1);
        for (int k = 0; k < l.nY; k++) {
            for (int j = 0; j < l.nA; j++) {
                model.w[l.wya(k, j)] = 0;
            }
            model.w[l.by + k] = 0.3 * k;
        }
        Sampler<double[]> text = new Sampler<>(model, new ScalarKernels(), 0, 400, false);
        String[] samples = new String[8];
        for (int seed = 0; seed < samples.length; seed++) {
            int[] out = new int[401];
            int n = text.sample(seed, out);
            assertEquals(400, n, "a text sample has its full length");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append((char) ('a' + out[i]));
            }
            samples[seed] = sb.toString();
        }
        for (int a = 0; a < samples.length; a++) {
            for (int b = a + 1; b < samples.length; b++) {
                for (int i = 0; i + 30 <= samples[a].length(); i++) {
                    String run = samples[a].substring(i, i + 30);
                    assertTrue(!samples[b].contains(run), "seeds " + a + " and " + b + " share \"" + run + "\"");
                }
            }
        }
        Sampler<double[]> names = new Sampler<>(model, new ScalarKernels(), 0, 400, true);
        model.w[l.by] = -1000;
        int[] zero = new int[401];
        int[] two = new int[401];
        names.sample(0, zero);
        names.sample(2, two);
        assertArrayEquals(Arrays.copyOfRange(zero, 1, 300), Arrays.copyOfRange(two, 0, 299),
                "the names' scheme, kept for parity with the reference, is what made text samples repeat");
    }
}
