/** The workloads that both benchmark harnesses time ({@code dino bench} and the JMH suites), with their names and FLOP counts. */
package dino.engine.perf;
