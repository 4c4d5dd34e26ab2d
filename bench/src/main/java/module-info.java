// The benchmarks as a module: the workloads and the harness `dino bench` runs (exported to dino.cli), and the JMH suites.
// It reads the engine's public packages and the internal ones the engine exports to it by name (the engine's
// module-info says which and why), so an import of any other internal package does not compile.
module dino.bench {
    requires dino.engine;
    requires com.google.gson;
    requires jdk.incubator.vector;
    // The JMH-format results name the JVM's arguments, as JMH does (RuntimeMXBean).
    requires java.management;
    // Only the JMH suites (package dino.bench) use JMH; jmh-core is optional in the pom, so dino.jar, which holds the
    // harness and the workloads, holds no JMH.
    requires static jmh.core;

    /** What dino bench times: the seeded workload and its kernels, each with its name, call, FLOPs and bytes. */
    exports dino.bench.workload to dino.cli;
    /** How dino bench times them: the timing loop, the peak probes, the statistics, the JMH-format results. */
    exports dino.bench.harness to dino.cli;

    // JMH's generated harness classes instantiate the @State classes and call the @Benchmark methods reflectively.
    opens dino.bench to jmh.core;
    opens dino.bench.jmh_generated to jmh.core;
}
