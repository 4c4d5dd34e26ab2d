// Trainer behaviour: allocation-free steps, the hidden state after a name, the buffers' length limit.
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dino.engine.kernels.Kernels;
import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** Bytes this thread allocates while running {@code steps} training steps, after a warm-up. */
    static <A> long allocatedBytesPerRun(Kernels<A> kernels, int warmup, int steps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Layout l = new Layout(50, 27, 27);
        Trainer<A> trainer = Trainer.sgd(Model.initialize(l, 1), kernels, 0, 12, 1, 0.01, 5);
        int[][] names = {{1, 2, 3}, {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {26}, {}};
        for (int i = 0; i < warmup; i++) {
            trainer.step(names[i % names.length]);
        }
        threads.getThreadAllocatedBytes(thread);
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < steps; i++) {
            trainer.step(names[i % names.length]);
        }
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    @Test
    void steadyStateScalarStepAllocatesNothing() {
        assertEquals(0, allocatedBytesPerRun(new ScalarKernels(), 20_000, 5_000));
    }

    @Test
    void aStepLeavesItsFinalStateForTheNextName() {
        Layout l = new Layout(5, 5, 5);
        Trainer<double[]> trainer = Trainer.sgd(Model.initialize(l, 1), new ScalarKernels(), 0, 4, 1, 0.01, 5);
        for (int i = 0; i < l.stride; i++) {
            assertEquals(0.0, trainer.hidden()[i], "zero state before the first name, element " + i);
        }
        trainer.step(new int[] {1, 2});
        for (int i = 0; i < l.nA; i++) {
            assertNotEquals(0.0, trainer.hidden()[i], "the state after the name, element " + i);
        }
        for (int i = l.nA; i < l.stride; i++) {
            assertEquals(0.0, trainer.hidden()[i], "padding stays zero, element " + i);
        }
    }

    @Test
    void nameLongerThanTheBuffersIsRejected() {
        Trainer<double[]> trainer = Trainer.sgd(Model.initialize(new Layout(4, 5, 5), 1), new ScalarKernels(), 0, 2, 1, 0.01, 5);
        assertThrows(IllegalArgumentException.class, () -> trainer.step(new int[] {1, 2, 3}));
    }
}
