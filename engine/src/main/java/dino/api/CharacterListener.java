// Told of every character of a sample as it is drawn: a text can be shown while it is written.
package dino.api;

/**
 * Hears each character of each sample the moment {@link dino.lib.Model#sample(Sampling, CharacterListener)} draws it,
 * the prefix's first, on the sampling thread. A names model's final newline is not a character of the name and
 * is not reported. A listener that throws stops the sampling; the exception reaches the caller.
 */
@FunctionalInterface
public interface CharacterListener {
    /** Sample {@code sample} (0 for the first) has grown by {@code character} (one code point, as a string). */
    void drawn(int sample, String character);
}
