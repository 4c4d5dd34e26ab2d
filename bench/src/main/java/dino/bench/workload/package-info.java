/**
 * What both benchmark harnesses time ({@code dino bench} and the JMH suites): {@link dino.bench.workload.Workload}, a
 * seeded model and its inputs, and {@link dino.bench.workload.WorkloadKernel}, each timed kernel with its name, call,
 * FLOPs and bytes.
 */
package dino.bench.workload;
