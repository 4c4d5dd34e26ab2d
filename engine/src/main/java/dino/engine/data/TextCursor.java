// Reads a TEXT corpus's character ids forward from any character position, straight from its bytes.
package dino.engine.data;

/**
 * A position in a TEXT corpus, in characters. {@link #seek} starts from the nearest indexed
 * character before the target (at most {@link CorpusScan#STRIDE} − 1 characters to decode);
 * {@link #read} decodes forward, so windows read one after another cost only their own characters.
 * Each training stream, the validation pass and {@code eval} hold their own cursor. The text is
 * never held as ids: a 100 MB corpus costs its index (one 256 KiB block) and the operating system's
 * page cache.
 */
public final class TextCursor {
    private final Corpus corpus;
    private final DataBytes bytes;
    /** The byte offset and the character index of the next character. */
    private long pos;
    private long at;

    TextCursor(Corpus corpus, DataBytes bytes) {
        this.corpus = corpus;
        this.bytes = bytes;
    }

    /** Moves to character {@code index} (0 ≤ index ≤ the text's length). */
    public void seek(long index) {
        if (index < 0 || index > corpus.characterCount()) {
            throw new IllegalArgumentException("character " + index + " of " + corpus.characterCount());
        }
        int k = (int) (index / CorpusScan.STRIDE);
        if (k == corpus.index.size()) {
            k--; // index is the end of a text whose length is a multiple of STRIDE
        }
        pos = corpus.index.get(k);
        at = (long) k * CorpusScan.STRIDE;
        try {
            while (at < index) {
                next();
            }
        } catch (InternalError e) {
            throw bytes.faulted();
        }
    }

    /** Reads the ids of the next {@code count} characters into {@code dst[off..off+count)}. */
    public void read(int[] dst, int off, int count) {
        if (at + count > corpus.characterCount()) {
            throw new IllegalArgumentException("reading " + count + " characters at " + at + " of " + corpus.characterCount());
        }
        try {
            for (int i = 0; i < count; i++) {
                dst[off + i] = next();
            }
        } catch (InternalError e) {
            throw bytes.faulted();
        }
    }

    /** The character index of the next {@link #read}. */
    public long position() {
        return at;
    }

    /** Decodes one character (as {@link CorpusScan} reads it) and returns its id. */
    private int next() {
        long start = pos;
        int b = bytes.get(pos);
        int id;
        if (b > 0) {
            if (b == '\r') {
                b = '\n';
                pos += pos + 1 < bytes.size && bytes.get(pos + 1) == '\n' ? 1 : 0;
            }
            id = corpus.asciiIds[b];
            pos++;
        } else {
            int packed = Utf8.decode(bytes, pos);
            if (packed == Utf8.MALFORMED) {
                throw bytes.changed("byte offset " + pos + " is no longer UTF-8");
            }
            id = corpus.vocabulary.indexOf(Utf8.codePoint(packed));
            pos += Utf8.length(packed);
        }
        if (id < 0) {
            throw bytes.changed("the character at byte offset " + start + " is no longer one of its vocabulary");
        }
        at++;
        return id;
    }
}
