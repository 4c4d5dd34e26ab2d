/** Internal (library users import {@link dino.api}): Training: one allocation-free step, the optimizers (one per file), the run's settings and the resumable session loop, and evaluation. */
package dino.engine.train;
