// The engine as a module: what a library user may import (dino.api, dino.lib) and nothing else, so that "internal" is
// checked by the compiler. The qualified exports are the engine's two other clients in this repository.
module dino.engine {
    requires jdk.incubator.vector;
    // Products.fusedInHardware() reads HotSpot's UseFMA from the diagnostic bean.
    requires jdk.management;

    /** The values: settings, results, listeners, the exception; imports nothing of the engine. */
    exports dino.api;
    /** The facade: Model, Training, Corpus, Kernels over the internal packages. */
    exports dino.lib;

    // dino bench and the JMH suites time the kernels and the benchmark workloads themselves.
    exports dino.engine.kernels to dino.cli, dino.bench;
    exports dino.engine.perf to dino.cli, dino.bench;
    // AtomicFiles: the CLI's plots and benchmark reports are written the way every engine file is.
    exports dino.engine.io to dino.cli;
}
