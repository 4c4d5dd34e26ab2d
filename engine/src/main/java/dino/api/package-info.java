/**
 * dino as a library: the only package a program that trains or samples character-level models imports.
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
 * <li>{@link dino.api.TrainingConfig}: the settings of a run, a record with a builder whose defaults are the
 *     reference run; every limit is checked there and named ({@link dino.api.TrainingConfig.Setting}).</li>
 * <li>{@link dino.api.Corpus}: data from a file, the bundled dinosaur names, or strings in memory.</li>
 * <li>{@link dino.api.Training}: a run you step or run to an iteration count, observe ({@link dino.api.Training.Listener}),
 *     stop from another thread, save and resume.</li>
 * <li>{@link dino.api.Model}: a loaded model, immutable and safe to share between threads; {@link dino.api.Sampling}
 *     says what to draw ({@link dino.api.CharacterListener} hears it while it is drawn), {@link dino.api.Evaluation}
 *     is what scoring a corpus gives.</li>
 * <li>{@link dino.api.Mode}, {@link dino.api.Kernels}, {@link dino.api.ProgressListener}: names or text, which kernels
 *     run, progress of long tasks.</li>
 * <li>{@link dino.api.DinoException}: the one error type; its message is one line that names settings by the names
 *     used here.</li>
 * </ul>
 * Every other package ({@code dino.engine.*}) is internal: public for dino's command line and benchmarks only.
 * The vector kernels need {@code java --add-modules jdk.incubator.vector}; without it dino runs the scalar ones.
 */
package dino.api;
