// Each kernel the benchmarks time, as one value: its name, the call it makes on a Workload, its FLOPs and its bytes.
package dino.bench.workload;

import dino.api.TrainingConfig.Cell;
import dino.api.TrainingConfig.Precision;
import dino.engine.model.Layout;

/**
 * The kernels of {@link Workload}, in report order, by the names both harnesses report. FLOPs count a multiply-add as
 * 2; tanh, exp and the other element-wise work count nothing, so they are the matrix products' FLOPs. Bytes are what
 * one call must move between memory and the core at the least, by the roofline's model: each weight matrix its
 * products read, once, and each gradient they write, read and written once; a whole step reads and writes every
 * parameter and every gradient once (forward, backward and update share them through the caches). Activations and
 * the element-wise work are not counted, so {@code flops / bytes} is an upper bound on the arithmetic intensity: a
 * kernel plotted under the memory roof is there at least as surely.
 */
public enum WorkloadKernel {
    TRAIN_STEP("train_step", false) {
        double call(Workload<?> w) {
            return w.trainStep();
        }

        double flops(double n, double v, int batch) {
            return Workload.NAME_STEPS * step(n, v);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 4 * reference(hidden, vocab, p) * p.bytes;
        }
    },
    BATCH_STEP("batch_step", true) {
        double call(Workload<?> w) {
            return w.batchStep();
        }

        double flops(double n, double v, int batch) {
            return (double) batch * Workload.WINDOW * step(n, v);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 4 * reference(hidden, vocab, p) * p.bytes;
        }
    },
    LSTM_STEP("lstm_step", true) {
        double call(Workload<?> w) {
            return w.gatedStep(Cell.LSTM);
        }

        // Per row and step: h·W_hhᵀ forward, dgates·W_hh and dW_hh backward (G gate blocks each), and the output
        // layer's three products; the one-hot input's products are gathers.
        double flops(double n, double v, int batch) {
            return (double) batch * Workload.WINDOW * (3 * 4 * cell(n) + 3 * output(n, v));
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 4 * Layout.stacked(Cell.LSTM, 1, hidden, vocab, p).size * (double) p.bytes;
        }
    },
    GRU_STEP("gru_step", true) {
        double call(Workload<?> w) {
            return w.gatedStep(Cell.GRU);
        }

        double flops(double n, double v, int batch) {
            return (double) batch * Workload.WINDOW * (3 * 3 * cell(n) + 3 * output(n, v));
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 4 * Layout.stacked(Cell.GRU, 1, hidden, vocab, p).size * (double) p.bytes;
        }
    },
    CELL_FORWARD("cell_forward", false) {
        double call(Workload<?> w) {
            return w.cellForward();
        }

        double flops(double n, double v, int batch) {
            return cell(n);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return (double) hidden * hidden * p.bytes;
        }
    },
    OUTPUT_FORWARD("output_forward", false) {
        double call(Workload<?> w) {
            return w.outputForward();
        }

        double flops(double n, double v, int batch) {
            return output(n, v);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return (double) vocab * hidden * p.bytes;
        }
    },
    BACKWARD("backward", false) {
        double call(Workload<?> w) {
            return w.backward();
        }

        double flops(double n, double v, int batch) {
            return backwardStep(n, v);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 3 * ((double) vocab * hidden + (double) hidden * hidden) * p.bytes;
        }
    },
    CLIP_UPDATE("clip_update", false) {
        double call(Workload<?> w) {
            return w.clipUpdate();
        }

        double flops(double n, double v, int batch) {
            return 3 * ((v + n + v) * n + n + v);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 3 * reference(hidden, vocab, p) * p.bytes;
        }
    },
    SAMPLE_NAME("sample_name", false) {
        double call(Workload<?> w) {
            return w.sampleName();
        }

        double flops(double n, double v, int batch) {
            return Workload.SAMPLE_LENGTH * (cell(n) + output(n, v));
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return ((double) hidden * hidden + (double) vocab * hidden) * p.bytes;
        }
    },
    GEMM_FORWARD("gemm_forward", true) {
        double call(Workload<?> w) {
            return w.gemmForward();
        }

        double flops(double n, double v, int batch) {
            return batch * 4 * cell(n);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 4.0 * hidden * hidden * p.bytes;
        }
    },
    GEMM_BACKWARD("gemm_backward", true) {
        double call(Workload<?> w) {
            return w.gemmBackward();
        }

        double flops(double n, double v, int batch) {
            return batch * 4 * cell(n);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 4.0 * hidden * hidden * p.bytes;
        }
    },
    GEMM_WEIGHTS("gemm_weights", true) {
        double call(Workload<?> w) {
            return w.gemmWeights();
        }

        double flops(double n, double v, int batch) {
            return (double) Workload.WINDOW * batch * 4 * cell(n);
        }

        public double bytes(int hidden, int vocab, Precision p) {
            return 2 * 4.0 * hidden * hidden * p.bytes;
        }
    };

    private final String label;
    private final boolean batched;

    WorkloadKernel(String label, boolean batched) {
        this.label = label;
        this.batched = batched;
    }

    /** The name both harnesses report: the JSON's, the JMH suites' method's, {@code dino bench --list}'s. */
    public String label() {
        return label;
    }

    /** Whether it runs B rows on the workload's threads (a batched step or one of its products), not one row. */
    public boolean batched() {
        return batched;
    }

    /** One call on {@code w}; returns a value to sink. */
    abstract double call(Workload<?> w);

    /** FLOPs of one call at {@code n} hidden units, {@code v} characters and {@code batch} rows. */
    abstract double flops(double n, double v, int batch);

    /** Bytes one call moves at the least, by the roofline's model above. */
    public abstract double bytes(int hidden, int vocab, Precision precision);

    /** Floating-point operations of one call at {@code hidden} units, {@code vocab} characters and {@code batch} rows. */
    public double flops(int hidden, int vocab, int batch) {
        return flops((double) hidden, (double) vocab, batch);
    }

    /** The kernel of a name ({@link #label()}, as a result file holds it); an unknown name is an {@link IllegalArgumentException}. */
    public static WorkloadKernel named(String label) {
        for (WorkloadKernel k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kernel " + label);
    }

    /** One time step of the tanh cell, one row: W_aa·a_prev. */
    private static double cell(double n) {
        return 2 * n * n;
    }

    /** The output layer, one row: W_ya·a. */
    private static double output(double n, double v) {
        return 2 * v * n;
    }

    /** Backward per step: dy·Wya, dWya += dyᵀ·a, dt·Waa, dWaa += dtᵀ·a_prev. */
    private static double backwardStep(double n, double v) {
        return 2 * (2 * v * n + 2 * n * n);
    }

    /** A whole step of the reference's model: forward, backward. */
    private static double step(double n, double v) {
        return cell(n) + output(n, v) + backwardStep(n, v);
    }

    /** Parameters of the reference's layout. */
    private static double reference(int hidden, int vocab, Precision p) {
        return new Layout(hidden, vocab, vocab, p).size;
    }
}
