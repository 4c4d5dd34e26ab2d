// A training corpus: names one per line (read the way the reference reads dinos.txt) or running text.
package dino.engine.data;

import dino.engine.DinoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * as min-char-rnn does; {@link #lines} is empty.
 */
public final class Corpus {
    /** How a file is read. */
    public enum Mode {
        /** One example per line, lowercased and stripped (the reference). */
        LINES,
        /** One continuous text (min-char-rnn). */
        TEXT;

        public static Mode parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DinoException("unknown mode '" + name + "': use lines or text");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public final Mode mode;
    /** The whole text, newlines normalized (lowercased in LINES mode): what the reference calls {@code data}. */
    public final String text;
    public final Vocabulary vocabulary;
    /** LINES mode: the examples in file order (not yet shuffled). TEXT mode: empty. */
    public final List<String> lines;

    private Corpus(Mode mode, String text, Vocabulary vocabulary, List<String> lines) {
        this.mode = mode;
        this.text = text;
        this.vocabulary = vocabulary;
        this.lines = lines;
    }

    /** Builds a LINES corpus from the raw text of a file; {@code source} names it in errors. */
    public static Corpus fromText(String raw, String source) {
        return fromText(raw, source, Mode.LINES);
    }

    /** Builds a corpus from the raw text of a file; {@code source} names it in errors. */
    public static Corpus fromText(String raw, String source, Mode mode) {
        String normalized = raw.replace("\r\n", "\n").replace('\r', '\n');
        if (mode == Mode.TEXT) {
            if (normalized.codePointCount(0, normalized.length()) < 2 || normalized.isBlank()) {
                throw new DinoException(source + " has too little text to train on: give at least a few characters");
            }
            return new Corpus(mode, normalized, Vocabulary.of(normalized), List.of());
        }
        String text = normalized.toLowerCase(Locale.ROOT);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String stripped = pythonStrip(line);
            if (!stripped.isEmpty()) {
                lines.add(stripped);
            }
        }
        if (lines.isEmpty()) {
            throw new DinoException(source + " has no non-empty line: give a file with one name (or line of text) per line");
        }
        Vocabulary vocabulary = Vocabulary.of(text.indexOf('\n') >= 0 ? text : text + "\n");
        return new Corpus(mode, text, vocabulary, List.copyOf(lines));
    }

    /** Reads a UTF-8 file of lines; every failure becomes a {@link DinoException} that names the file. */
    public static Corpus read(Path path) {
        return read(path, Mode.LINES);
    }

    /** Reads a UTF-8 file; every failure becomes a {@link DinoException} that names the file. */
    public static Corpus read(Path path, Mode mode) {
        if (Files.isDirectory(path)) {
            throw new DinoException("data file " + path + " is a folder: give the file inside it");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DinoException("data file not found: " + path + " (check the path given to --data)");
        } catch (AccessDeniedException e) {
            throw new DinoException("data file not readable: " + path + " (check its permissions)");
        } catch (IOException e) {
            throw new DinoException("cannot read data file " + path + ": " + e.getMessage());
        }
        return fromBytes(bytes, path.toString(), mode);
    }

    /** Reads a UTF-8 resource stream (the corpus bundled in the jar). */
    public static Corpus read(InputStream in, String source, Mode mode) {
        try (in) {
            return fromBytes(in.readAllBytes(), source, mode);
        } catch (IOException e) {
            throw new DinoException("cannot read " + source + ": " + e.getMessage());
        }
    }

    private static Corpus fromBytes(byte[] bytes, String source, Mode mode) {
        if (bytes.length == 0) {
            throw new DinoException("data file is empty: " + source + " (give a file with one name per line)");
        }
        String raw;
        try {
            raw = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DinoException(source + " is not UTF-8 text: convert it to UTF-8 (e.g. with iconv)");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new DinoException(source + " contains NUL bytes and looks binary: give a text file with one name per line");
        }
        return fromText(raw, source, mode);
    }

    /** The examples encoded as vocabulary indices, in file order. */
    public int[][] encodedLines() {
        int[][] encoded = new int[lines.size()][];
        for (int e = 0; e < encoded.length; e++) {
            encoded[e] = vocabulary.encode(lines.get(e), "the data");
        }
        return encoded;
    }

    /** The whole text as vocabulary indices (TEXT mode's training sequence). */
    public int[] encodedText() {
        return vocabulary.encode(text, "the data");
    }

    /** SHA-256 of the text as read (hex): identifies the data a model was trained on. */
    public String fingerprint() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Number of characters (code points) in the text: the reference's {@code len(data)}. */
    public int characterCount() {
        return text.codePointCount(0, text.length());
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

    private static boolean isPythonSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }
}
