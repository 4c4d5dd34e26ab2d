/**
 * What {@code dino bench} runs besides the workloads: the timing loop ({@link dino.bench.harness.KernelWorkload}), the
 * roofs measured in the same run ({@link dino.bench.harness.PeakProbe} over {@link dino.bench.harness.FmaChains}, the
 * loop the JMH suite's FmaPeakBench times too), the statistics ({@link dino.bench.harness.BenchStats}) and the
 * JMH-format results ({@link dino.bench.harness.BenchEntry}, {@link dino.bench.harness.BenchJmhFormat}). No JMH here:
 * {@code dino.jar} holds these packages and not the suites.
 */
package dino.bench.harness;
