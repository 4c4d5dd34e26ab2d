/**
 * dino's engine, internal: all the math of training and sampling character-level RNNs, JDK only. Library users
 * import {@link dino.api} only; these packages are public for the command line and the benchmarks and change
 * without notice.
 */
package dino.engine;
