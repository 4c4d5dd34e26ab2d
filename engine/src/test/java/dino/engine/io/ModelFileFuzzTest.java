// Seeded fuzzing of the model-file reader: a mutated file fails with DinoException or loads as the saved model.
package dino.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.TrainingConfig;
import dino.engine.data.Corpus;
import dino.engine.kernels.ScalarKernels;
import dino.engine.train.Optimizer;
import dino.engine.train.TrainingSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 4000 seeded cases over two valid files (SGD and Adam state): bytes flipped, ranges overwritten with
 * random or extreme values (length fields), truncations, insertions. Each read must throw
 * {@link DinoException} with a one-line message, or return exactly the model that was saved (a damaged
 * file never loads as another model), and no read may allocate more than 64 MB (the files are ~20 KB:
 * only a length field trusted before it is checked could ask for more).
 */
class ModelFileFuzzTest {
    private static final int CASES = 4000;
    private static final long MAX_BYTES_PER_READ = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void mutatedFilesLoadOrFailWithTheProjectsError() throws Exception {
        byte[][] seeds = {valid(TrainingConfig.Optimizer.SGD), valid(TrainingConfig.Optimizer.ADAM)};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Random random = new Random(20261127);
        Path file = dir.resolve("fuzz.npz");
        Path again = dir.resolve("again.npz");
        int loaded = 0;
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = mutate(seeds[i % seeds.length], random);
            Files.write(file, bytes);
            long before = threads.getThreadAllocatedBytes(thread);
            Checkpoint c = null;
            try {
                c = ModelFile.read(file);
            } catch (DinoException e) {
                rejected++;
                assertTrue(!e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
            } catch (Throwable t) {
                Path kept = dir.resolve("case-" + i + ".npz");
                Files.write(kept, bytes);
                fail("case " + i + " threw " + t, t);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(allocated < MAX_BYTES_PER_READ, "case " + i + " allocated " + allocated + " bytes");
            if (c != null) {
                loaded++;
                // Only bytes that carry no data were hit (a local header's time, a header CRC the reader
                // does not use): written again, the model gives the original file, byte for byte.
                ModelFile.write(again, c);
                assertArrayEquals(seeds[i % seeds.length], Files.readAllBytes(again), "case " + i + " loaded as another model");
            }
        }
        assertTrue(rejected > CASES / 2, "most mutations are caught: " + rejected);
        assertTrue(loaded > 0, "some mutations hit bytes that carry no data, and those files must load");
    }

    private byte[] valid(TrainingConfig.Optimizer kind) throws Exception {
        Corpus corpus = Corpus.fromText("rex\ntrex\nraptor\n", "fuzz");
        TrainingSession<?> session = TrainingSession.start(
                TrainingConfig.builder().mode(Mode.LINES).hidden(7).learningRate(0.01).clip(5).optimizer(kind).seed(0).seqLength(25).valFraction(0).build(), corpus, new ScalarKernels(), "fuzz");
        session.runUntil(5, 0, (i, l) -> { }, (i, l) -> false);
        Path file = dir.resolve("seed-" + kind + ".npz");
        ModelFile.write(file, session.checkpoint());
        return Files.readAllBytes(file);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(5)) {
            case 0: {
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            }
            case 1: {
                int at = random.nextInt(bytes.length - 4);
                int value = random.nextBoolean() ? -1 : random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt();
                for (int b = 0; b < 4; b++) {
                    bytes[at + b] = (byte) (value >>> (8 * b));
                }
                return bytes;
            }
            case 2:
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3: {
                int at = random.nextInt(bytes.length);
                byte[] longer = new byte[bytes.length + 1 + random.nextInt(64)];
                System.arraycopy(bytes, 0, longer, 0, at);
                for (int b = at; b < at + longer.length - bytes.length; b++) {
                    longer[b] = (byte) random.nextInt();
                }
                System.arraycopy(bytes, at, longer, at + longer.length - bytes.length, bytes.length - at);
                return longer;
            }
            default: {
                String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
                String[] from = {"(7, 7)", "(7, 1)", "<f8", "<i8", "<U1", "False", "(3,)"};
                String[] to = {"(9999999, 9999999)", "(-7, 1)", "<f4", "|b1", "<U9", "True", "(99999999999,)"};
                int k = random.nextInt(from.length);
                return text.replaceFirst(java.util.regex.Pattern.quote(from[k]), to[k]).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
    }
}
