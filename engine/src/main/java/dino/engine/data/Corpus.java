// A training corpus: names one per line (read the way the reference reads dinos.txt) or running text, of any size.
package dino.engine.data;

import dino.api.DinoException;
import dino.api.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training corpus, in one of two modes.
 *
 * <p>{@link Mode#LINES} (names) reads as the reference does: the whole file lowercased (Python's
 * universal newlines: {@code \r\n} and {@code \r} read as {@code \n}); the vocabulary is its sorted
 * distinct characters; examples are the lines, lowercased and stripped of surrounding whitespace. Two
 * deliberate differences, neither of which touches dinos.txt: empty lines are not examples (the
 * reference would train on them as empty names), and the newline is always in the vocabulary (a one-line
 * file has none, and the reference would fail looking it up).
 *
 * <p>{@link Mode#TEXT} keeps the text as it is (case included, newlines normalized) as one sequence,
 * as min-char-rnn does, read through {@link TextCursor}s.
 *
 * <p>The text is not held in the heap: a file is memory-mapped ({@link DataBytes}) and read once by
 * {@link CorpusScan}, which keeps the vocabulary, the counts, the fingerprint and an index of byte
 * offsets (4 bytes per name, or per 4096 characters of text). A name is decoded from the file
 * when a step needs it; a corpus of at most {@link ReadOptions#inMemoryCharacters} characters (4 Mi,
 * every bundled one) keeps each name's ids instead, as arrays a step uses without allocating.
 */
public final class Corpus {
    /** LINES: a line of more characters than this, before stripping, is refused (a name is short). */
    public static final int MAX_RAW_LINE = 1 << 20;

    public final Mode mode;
    public final Vocabulary vocabulary;
    private final DataBytes bytes;
    private final long characters;
    private final String fingerprint;
    /** LINES: where each example's line starts (byte offset). TEXT: the byte offset of character k·STRIDE. */
    final Offsets index;
    private final int longest;
    /** LINES, small corpora: every example's ids (null: decode on use). */
    private final int[][] encoded;
    /** The id of each ASCII character (lowercased in LINES), −1 when it is not in the vocabulary. */
    final int[] asciiIds = new int[128];

    private Corpus(Mode mode, DataBytes bytes, CorpusScan scan, Vocabulary vocabulary, ReadOptions options) {
        this.mode = mode;
        this.bytes = bytes;
        this.vocabulary = vocabulary;
        this.characters = scan.characters;
        this.fingerprint = scan.sha256;
        this.index = scan.index;
        this.longest = scan.longest;
        for (int c = 0; c < 128; c++) {
            asciiIds[c] = vocabulary.indexOf(c);
        }
        if (mode == Mode.LINES && characters <= options.inMemoryCharacters) {
            encoded = new int[index.size()][];
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = decodeLine(i);
            }
        } else {
            encoded = null;
        }
    }

    /** Builds a LINES corpus from the raw text of a file; {@code source} names it in errors. */
    public static Corpus fromText(String raw, String source) {
        return fromText(raw, source, Mode.LINES);
    }

    /** Builds a corpus from the raw text of a file; {@code source} names it in errors. */
    public static Corpus fromText(String raw, String source, Mode mode) {
        return of(DataBytes.of(raw.getBytes(StandardCharsets.UTF_8), source), mode, ReadOptions.DEFAULT);
    }

    /** Reads a UTF-8 file of lines; every failure becomes a {@link DinoException} that names the file. */
    public static Corpus read(Path path) {
        return read(path, Mode.LINES);
    }

    /** Reads a UTF-8 file; every failure becomes a {@link DinoException} that names the file. */
    public static Corpus read(Path path, Mode mode) {
        return read(path, mode, ReadOptions.DEFAULT);
    }

    /** Reads a UTF-8 file of any size (mapped, one pass); every failure is a {@link DinoException} that names the file. */
    public static Corpus read(Path path, Mode mode, ReadOptions options) {
        if (Files.isDirectory(path)) {
            throw new DinoException("data file " + path + " is a folder: give the file inside it");
        }
        DataBytes bytes;
        try {
            bytes = DataBytes.open(path, options.segmentShift);
        } catch (NoSuchFileException e) {
            throw DinoException.naming("data file not found: " + DinoException.literal(path.toString()) + " (check the path given to {corpus})");
        } catch (AccessDeniedException e) {
            throw new DinoException("data file not readable: " + path + " (check its permissions)");
        } catch (IOException e) {
            throw new DinoException("cannot read data file " + path + ": " + e.getMessage());
        }
        return of(bytes, mode, options);
    }

    /** Reads a UTF-8 resource stream (the corpus bundled in the jar). */
    public static Corpus read(InputStream in, String source, Mode mode) {
        return read(in, source, mode, ReadOptions.DEFAULT);
    }

    /** Reads a UTF-8 stream, whole, into the heap. */
    public static Corpus read(InputStream in, String source, Mode mode, ReadOptions options) {
        try (in) {
            return of(DataBytes.of(in.readAllBytes(), source), mode, options);
        } catch (IOException e) {
            throw new DinoException("cannot read " + source + ": " + e.getMessage());
        }
    }

    static Corpus of(DataBytes bytes, Mode mode, ReadOptions options) {
        String source = bytes.source;
        if (bytes.size == 0) {
            throw new DinoException("data file is empty: " + source + " (give a file with one name per line)");
        }
        CorpusScan scan = new CorpusScan(bytes, mode, options);
        try {
            scan.run();
        } catch (InternalError e) {
            throw bytes.faulted();
        }
        if (mode == Mode.TEXT && (scan.characters < 2 || scan.blank)) {
            throw new DinoException(source + " has too little text to train on: give at least a few characters");
        }
        if (mode == Mode.LINES && scan.index.size() == 0) {
            throw new DinoException(source + " has no non-empty line: give a file with one name (or line of text) per line");
        }
        return new Corpus(mode, bytes, scan, scan.vocabulary(), options);
    }

    /** Number of characters (code points) in the text: the reference's {@code len(data)}. */
    public long characterCount() {
        return characters;
    }

    /** SHA-256 of the text as read (hex, newlines normalized, LINES lowercased): identifies the data a model was trained on. */
    public String fingerprint() {
        return fingerprint;
    }

    /** LINES: the number of examples (non-empty lines); TEXT: 0. */
    public int lineCount() {
        return mode == Mode.LINES ? index.size() : 0;
    }

    /** LINES: the characters of the longest example. */
    public int longestLine() {
        return longest;
    }

    /** LINES: example i's ids, in file order (a shared array for a small corpus: do not modify it). */
    public int[] line(int i) {
        return encoded != null ? encoded[i] : decodeLine(i);
    }

    /** LINES: example i as text (lowercased, stripped). */
    public String lineText(int i) {
        int[] ids = line(i);
        return vocabulary.decode(ids, 0, ids.length);
    }

    /** LINES: every example as text, in file order. */
    public List<String> lineTexts() {
        List<String> lines = new ArrayList<>(lineCount());
        for (int i = 0; i < lineCount(); i++) {
            lines.add(lineText(i));
        }
        return lines;
    }

    /** TEXT: a new cursor at character 0. */
    public TextCursor cursor() {
        if (mode != Mode.TEXT) {
            throw new IllegalStateException("a LINES corpus has no running text");
        }
        return new TextCursor(this, bytes);
    }

    /** Throws a one-line error when the file is no longer what was read (call before saving what was learnt from it). */
    public void checkUnchanged() {
        bytes.checkUnchanged();
    }

    /** {@link #checkUnchanged}, at most once a second (cheap enough for every training step). */
    public void watch() {
        bytes.watch();
    }

    /** Heap bytes the corpus holds (for the memory check). */
    public long heapBytes() {
        long held = index.bytes() + (bytes.mapped() ? 0 : bytes.size);
        return encoded == null ? held : held + 16L * encoded.length + 4 * characters;
    }

    /** Decodes example i from the data: its line lowercased, stripped, as ids. */
    private int[] decodeLine(int i) {
        long start = index.get(i);
        try {
            long end = start;
            boolean ascii = true;
            while (end < bytes.size) {
                byte b = bytes.get(end);
                if (b == '\n' || b == '\r') {
                    break;
                }
                ascii &= b > 0;
                end++;
            }
            if (ascii) {
                while (start < end && CorpusScan.ASCII_SPACE[bytes.get(start)]) {
                    start++;
                }
                while (end > start && CorpusScan.ASCII_SPACE[bytes.get(end - 1)]) {
                    end--;
                }
                int[] ids = new int[(int) (end - start)];
                for (int k = 0; k < ids.length; k++) {
                    int b = bytes.get(start + k);
                    ids[k] = asciiIds[b >= 'A' && b <= 'Z' ? b | 0x20 : b];
                    if (ids[k] < 0) {
                        throw bytes.changed("the character at byte offset " + (start + k) + " is no longer one of its vocabulary");
                    }
                }
                if (ids.length == 0) {
                    throw bytes.changed("line " + (i + 1) + " of the names, at byte offset " + start + ", is now empty");
                }
                return ids;
            }
            String lower = CorpusScan.lowered(bytes, start, end);
            if (lower == null) {
                throw bytes.changed("the name at byte offset " + start + " is no longer UTF-8");
            }
            String name = pythonStrip(lower);
            if (name.isEmpty()) {
                throw bytes.changed("the name at byte offset " + start + " is now empty");
            }
            int[] ids = new int[name.codePointCount(0, name.length())];
            for (int k = 0, off = 0; k < ids.length; k++) {
                int cp = name.codePointAt(off);
                ids[k] = vocabulary.indexOf(cp);
                if (ids[k] < 0) {
                    throw bytes.changed("the name at byte offset " + start + " has a character no longer in its vocabulary");
                }
                off += Character.charCount(cp);
            }
            return ids;
        } catch (InternalError e) {
            throw bytes.faulted();
        }
    }

    /** Python's {@code str.strip()}: removes leading and trailing Unicode whitespace. */
    static String pythonStrip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPythonSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isPythonSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    static boolean isPythonSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }
}
