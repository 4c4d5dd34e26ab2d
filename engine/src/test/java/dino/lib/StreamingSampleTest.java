// Model.sample with a CharacterListener hears the very strings it returns, a character at a time; trainingNames.
package dino.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.Mode;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingSampleTest {
    @TempDir
    Path dir;

    private static final TrainingConfig SMALL = TrainingConfig.reference().toBuilder().hidden(24).build();

    /** The characters heard, per sample, in the order they were heard. */
    private static List<String> heard(Model m, Sampling s) {
        List<StringBuilder> parts = new ArrayList<>();
        for (int k = 0; k < s.count(); k++) {
            parts.add(new StringBuilder());
        }
        int[] last = {0};
        List<String> returned = m.sample(s, (sample, character) -> {
            assertEquals(1, character.codePointCount(0, character.length()), "one code point at a time");
            assertTrue(sample >= last[0], "samples are heard in order");
            last[0] = sample;
            parts.get(sample).append(character);
        });
        List<String> got = new ArrayList<>();
        for (StringBuilder b : parts) {
            got.add(b.toString());
        }
        assertEquals(returned, got);
        return returned;
    }

    @Test
    void aNamesModelIsHeardAsItReturnsWithoutTheFinalNewline() {
        Training t = Training.start(SMALL, Corpus.dinos(), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        t.runUntil(300);
        Model m = t.model();
        Sampling s = Sampling.defaults().withCount(12).withPrefix("Tyr").withTemperature(0.8);
        assertEquals(m.sample(s), heard(m, s));
        assertEquals(m.sample(Sampling.defaults()), heard(m, Sampling.defaults()));
        assertEquals(m.sample(Sampling.defaults().withLength(3)), heard(m, Sampling.defaults().withLength(3)),
                "a name cut at its length: the forced end is not a character either");
    }

    @Test
    void aTextModelIsHeardWithEveryCharacterAndTheListenerCanStopIt() {
        String text = "To be, or not to be: that is the question.\nWhether 'tis nobler in the mind to suffer\n".repeat(20);
        Training t = Training.start(SMALL.toBuilder().mode(Mode.TEXT).build(), Corpus.ofText(text), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        t.runUntil(200);
        Model m = t.model();
        Sampling s = Sampling.defaults().withCount(3).withLength(120).withPrefix("To ");
        List<String> got = heard(m, s);
        assertEquals(m.sample(s), got);
        assertEquals(120, got.get(0).length());
        IllegalStateException stop = assertThrows(IllegalStateException.class, () -> m.sample(s, (k, c) -> {
            throw new IllegalStateException("client went away");
        }));
        assertEquals("client went away", stop.getMessage());
    }

    @Test
    void trainingNamesAreFoundWhileTheDataIsWhereTheModelSaysAndUnchanged() throws IOException {
        Training bundled = Training.start(SMALL, Corpus.dinos(), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        bundled.runUntil(2);
        assertEquals(Corpus.dinos().names(), bundled.model().trainingNames().orElseThrow());
        assertEquals(1536, bundled.model().trainingNames().orElseThrow().size());

        Path data = dir.resolve("names.txt");
        Files.writeString(data, "Alpha\nbeta\n\nGamma\n");
        Path saved = dir.resolve("m.npz");
        Training fromFile = Training.start(SMALL, Corpus.of(data), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        fromFile.runUntil(2);
        fromFile.save(saved);
        assertEquals(List.of("alpha", "beta", "gamma"), Model.load(saved).trainingNames().orElseThrow());
        Files.writeString(data, "alpha\nbeta\ngamma\ndelta\n");
        assertTrue(Model.load(saved).trainingNames().isEmpty(), "the data changed since");
        Files.delete(data);
        assertTrue(Model.load(saved).trainingNames().isEmpty(), "the data is gone");

        Training inMemory = Training.start(SMALL, Corpus.ofLines(List.of("alpha", "beta")), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        assertTrue(inMemory.model().trainingNames().isEmpty());
        Training text = Training.start(SMALL.toBuilder().mode(Mode.TEXT).build(), Corpus.ofText("abc abd abe\n".repeat(10)),
                RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        assertTrue(text.model().trainingNames().isEmpty(), "a text model has no names");
    }
}
