/**
 * dino's public values: what a program says to the engine and what it gets back. The settings of a run
 * ({@link dino.api.TrainingConfig}, a record with a builder whose defaults are the reference run, with its enums
 * {@code Optimizer}, {@code Precision} and {@code Cell}; every limit is checked there and named
 * ({@link dino.api.TrainingConfig.Setting})), {@link dino.api.Mode}, {@link dino.api.Products},
 * {@link dino.api.Sampling} (what to draw), {@link dino.api.Reporting} (how often a run reports, its patience),
 * {@link dino.api.Evaluation} (what scoring gives), the listeners
 * ({@link dino.api.ProgressListener}, {@link dino.api.CharacterListener}) and {@link dino.api.DinoException}, the one
 * error type, whose message is one line that names settings by the names used here.
 *
 * <p>This package imports nothing of the engine: the engine's own code uses these types (there is one {@code Cell},
 * one {@code Precision}, ...), and the facade over the engine, {@code dino.lib}, takes and returns them. The module
 * {@code dino.engine} exports this package and {@code dino.lib}, and no other to a library user.
 */
package dino.api;
