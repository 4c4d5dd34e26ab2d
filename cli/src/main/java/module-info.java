// The command line as a module: it reads the engine's public packages, and the internal ones the engine exports to it
// by name (module-info.java of the engine says which and why), so an import of any other internal package does not compile.
module dino.cli {
    requires dino.engine;
    // dino bench: the workloads and the harness (dino.bench.workload, dino.bench.harness).
    requires dino.bench;
    requires info.picocli;
    requires com.google.gson;
    requires org.eclipse.jetty.server;
    requires org.jfree.jfreechart;
    requires org.jfree.svg;
    requires java.desktop;
    requires jdk.management;
    requires jdk.incubator.vector;

    // picocli sets the commands' option fields, and Gson reads and writes the benchmark files' records, by reflection.
    opens dino.cli to info.picocli, com.google.gson;
    opens dino.cli.shared to info.picocli;
    opens dino.cli.serve to info.picocli;
    opens dino.cli.bench to info.picocli, com.google.gson;
    opens dino.cli.sweep to info.picocli;

    // dino sweep's trials on Spark: the spark module's backend, found on the class path of dino-spark.jar.
    exports dino.cli.sweep;
    uses dino.cli.sweep.SweepBackend.Spark;
}
