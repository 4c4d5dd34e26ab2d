// The engine as a module: what a library user may import (dino.api, dino.lib) and nothing else, so that "internal" is
// checked by the compiler. The qualified exports are the engine's two other clients in this repository, each package
// named with what needs it.
module dino.engine {
    requires jdk.incubator.vector;
    // Products.fusedInHardware() reads HotSpot's UseFMA from the diagnostic bean.
    requires jdk.management;

    /** The values: settings, results, listeners, the exception; imports nothing of the engine. */
    exports dino.api;
    /** The facade: Model, Training, Corpus, Kernels over the internal packages. */
    exports dino.lib;

    // dino bench picks the kernel sets it times (KernelSet, KernelChoice) and info names them; the benchmark workloads
    // (dino.bench.workload) time the kernels themselves.
    exports dino.engine.kernels to dino.cli, dino.bench;
    // The benchmark workloads build a seeded model and drive the trainer and the sampler one call at a time, which the
    // facade (a whole run) cannot: Layout, Model and TanhCell (cell_forward, output_forward, backward) ...
    exports dino.engine.model to dino.bench;
    // ... NumpyRandom (the seeded inputs every harness and fork times) ... (and PythonRepr to dino.cli: train prints
    // the vocabulary as the reference's print(ix_to_char) does) ...
    exports dino.engine.numpy to dino.bench, dino.cli;
    // ... Sampler (sample_name) ...
    exports dino.engine.sample to dino.bench;
    // ... and Trainer and Optimizer (train_step, batch_step, lstm_step, gru_step).
    exports dino.engine.train to dino.bench;
    // AtomicFiles: the CLI's plots and benchmark reports are written the way every engine file is.
    exports dino.engine.io to dino.cli;
}
