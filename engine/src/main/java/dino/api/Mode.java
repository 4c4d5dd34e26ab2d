// How a corpus is read and a model samples: names one per line, or running text.
package dino.api;

import java.util.Locale;

/** The two kinds of data dino trains on. */
public enum Mode {
    /** One name per line, lowercased and stripped; a sample ends at its newline (the reference). */
    LINES,
    /** Running text, case kept, trained in windows; a sample has a fixed length (min-char-rnn). */
    TEXT;

    /** {@code lines} or {@code text}, any case. */
    public static Mode parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DinoException("unknown mode '" + name + "': use lines or text");
        }
    }

    /** {@code lines} or {@code text}: how model files and the command line spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
