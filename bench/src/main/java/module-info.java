// The JMH suites as a module: they read the engine's public packages and the two it exports to them by name (the
// kernels and the benchmark workloads), so an import of any other internal package does not compile.
module dino.bench {
    requires dino.engine;
    requires jmh.core;
    requires com.google.gson;
    requires jdk.incubator.vector;

    // JMH's generated harness classes instantiate the @State classes and call the @Benchmark methods reflectively.
    opens dino.bench to jmh.core;
    opens dino.bench.jmh_generated to jmh.core;
}
