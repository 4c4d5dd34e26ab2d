// How a corpus is read: whose vocabulary, the longest name allowed, who hears of progress, buffer sizes.
package dino.engine.data;

import dino.api.DinoException;
import dino.api.ProgressListener;

/**
 * Settings of {@link Corpus#read}. Tests make every buffer and mapped segment a few bytes long, and so
 * cross all their edges, with {@link #buffers}.
 */
public final class ReadOptions {
    /** The data's own vocabulary, no limit on a name's length beyond {@link Corpus#MAX_RAW_LINE}, no progress. */
    public static final ReadOptions DEFAULT = new ReadOptions(null, Integer.MAX_VALUE, ProgressListener.NONE,
            1 << 16, DataBytes.DEFAULT_SEGMENT_SHIFT, 1 << 22);

    /** The vocabulary ids refer to (a model's), or null for the data's own. */
    final Vocabulary vocabulary;
    /** LINES: the longest example allowed, in characters (after lowercasing and stripping). */
    final int maxLineLength;
    final ProgressListener progress;
    /** Bytes the one pass over the data reads at a time. */
    final int chunkBytes;
    /** log2 of the bytes of one mapped segment. */
    final int segmentShift;
    /** LINES: corpora of at most this many characters keep every name's ids in the heap; larger ones decode a name when it is used. */
    final long inMemoryCharacters;

    private ReadOptions(Vocabulary vocabulary, int maxLineLength, ProgressListener progress, int chunkBytes,
                        int segmentShift, long inMemoryCharacters) {
        this.vocabulary = vocabulary;
        this.maxLineLength = maxLineLength;
        this.progress = progress;
        this.chunkBytes = chunkBytes;
        this.segmentShift = segmentShift;
        this.inMemoryCharacters = inMemoryCharacters;
    }

    /** Ids in this vocabulary (a model's); a character of the data outside it is an error that names it. */
    public ReadOptions vocabulary(Vocabulary v) {
        return new ReadOptions(v, maxLineLength, progress, chunkBytes, segmentShift, inMemoryCharacters);
    }

    /** LINES: refuse an example longer than n characters, naming its line (train's --max-line-length). */
    public ReadOptions maxLineLength(int n) {
        if (n < 1 || n > Corpus.MAX_RAW_LINE) {
            throw DinoException.naming("{maxLineLength} must be between 1 and " + Corpus.MAX_RAW_LINE + ", got " + n);
        }
        return new ReadOptions(vocabulary, n, progress, chunkBytes, segmentShift, inMemoryCharacters);
    }

    public ReadOptions progress(ProgressListener p) {
        return new ReadOptions(vocabulary, maxLineLength, p, chunkBytes, segmentShift, inMemoryCharacters);
    }

    /**
     * For tests and measurements: chunks of {@code chunk} bytes, mapped segments of 2^shift bytes, names
     * decoded on use above {@code inMemory} characters. Results never depend on them.
     */
    public ReadOptions buffers(int chunk, int shift, long inMemory) {
        return new ReadOptions(vocabulary, maxLineLength, progress, chunk, shift, inMemory);
    }
}
