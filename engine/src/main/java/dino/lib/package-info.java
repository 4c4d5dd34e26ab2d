/**
 * dino as a library: the facade over the engine, with {@code dino.api}'s values the only packages a program that
 * trains or samples character-level models imports.
 *
 * <p>Sampling a saved model:
 * <pre>{@code
 * Model model = Model.load(Path.of("dinos.npz"));
 * List<String> names = model.sample(Sampling.defaults().withCount(5).withTemperature(0.8));
 * }</pre>
 * Training one:
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.reference().toBuilder().cell(TrainingConfig.Cell.LSTM).layers(2).build();
 * try (Training run = Training.start(config, Corpus.of(Path.of("names.txt")))) {  // close() ends its threads
 *     run.runUntil(20_000);
 *     run.save(Path.of("names.npz"));
 * }
 * }</pre>
 *
 * <ul>
 * <li>{@link dino.lib.Corpus}: data from a file, the bundled dinosaur names, or strings in memory.</li>
 * <li>{@link dino.lib.Training}: a run you step or run to an iteration count, observe ({@link dino.lib.Training.Listener}),
 *     stop from another thread, save and resume; it owns threads until closed.</li>
 * <li>{@link dino.lib.Model}: a loaded model, immutable and safe to share between threads.</li>
 * <li>{@link dino.lib.Kernels} and {@link dino.lib.RunOptions}: which kernel set runs, on how many threads, in which
 *     products' form: one value, built once, given to a run or a model.</li>
 * </ul>
 * The packages under {@code dino.engine} are internal: the module exports three of them by name to dino's command
 * line and benchmarks, and none to anyone else. The vector kernels need {@code java --add-modules
 * jdk.incubator.vector} on the class path; without it dino runs the scalar ones.
 */
package dino.lib;
