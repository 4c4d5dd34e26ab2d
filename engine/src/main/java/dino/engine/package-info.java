/** dino's engine: all the math of training and sampling character-level RNNs, JDK only; {@link dino.engine.DinoException} is its one user-facing error. */
package dino.engine;
