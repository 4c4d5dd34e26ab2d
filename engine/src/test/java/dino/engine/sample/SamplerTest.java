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
}
