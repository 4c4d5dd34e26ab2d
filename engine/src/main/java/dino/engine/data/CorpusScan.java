// The one pass over a corpus's bytes: checks the UTF-8, finds the vocabulary, counts, hashes and indexes.
package dino.engine.data;

import dino.api.DinoException;
import dino.api.Mode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads the data once, front to back, in chunks of {@link ReadOptions#chunkBytes}, and learns what
 * {@link Corpus} keeps: the sorted distinct characters, their number ({@code len(data)}), the SHA-256
 * of the text as the reference reads it (newlines normalized, LINES lowercased: the same bytes
 * {@code text.getBytes(UTF_8)} hashed before there was a streaming reader, so old model files still
 * match), and an index: LINES the byte offset where each non-empty line starts, TEXT the byte offset
 * of every {@link #STRIDE}-th character. Nothing proportional to the text is kept.
 *
 * <p>{@code \r\n} and a lone {@code \r} read as {@code \n} (Python's universal newlines). An ASCII
 * byte is handled in the chunk; a longer character is decoded with {@link Utf8} from the data itself,
 * so one cut by the chunk's edge is read whole. LINES lowercases a line of ASCII byte by byte; a line
 * with any other character is decoded again whole and lowercased as a {@code String} (the final sigma
 * depends on its neighbours; lines end at word boundaries, so lowercasing line by line is lowercasing
 * the whole text). Bad data stops the pass with a one-line error naming the byte offset and line.
 */
final class CorpusScan {
    /** TEXT: the byte offset of every STRIDE-th character is indexed (a seek decodes fewer than STRIDE). */
    static final int STRIDE = 4096;
    /** ASCII bytes that Python's {@code str.strip()} removes. */
    static final boolean[] ASCII_SPACE = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII_SPACE[c] = Corpus.isPythonSpace(c);
        }
    }

    private final DataBytes bytes;
    private final Mode mode;
    private final ReadOptions options;

    /** seen[c]: code point c occurs (lowercased in LINES). */
    final boolean[] seen = new boolean[Character.MAX_CODE_POINT + 1];
    private int distinct;
    /** With a given vocabulary: where the first character outside it is (or the line it is in starts), or −1. */
    private long firstUnknown = -1;
    private String firstUnknownWhere;
    /** mark's pos is the start of the line the character is in (a lowercased line has no byte offsets). */
    private boolean lineStart;
    long characters;
    final Offsets index = new Offsets();
    /** LINES: characters of the longest example. */
    int longest;
    /** TEXT: only whitespace so far. */
    boolean blank = true;
    String sha256;

    private final MessageDigest digest;
    /** Normalized bytes not yet hashed; LINES keeps the current line's from keepFrom on (an ASCII line may turn out not to be). */
    private byte[] out;
    private int outLength;
    private int keepFrom;
    private final byte[] chunk;
    private long chunkStart;
    private int chunkLength;
    /** 1-based line of the byte being read (for messages). */
    private long line = 1;

    CorpusScan(DataBytes bytes, Mode mode, ReadOptions options) {
        this.bytes = bytes;
        this.mode = mode;
        this.options = options;
        this.chunk = new byte[options.chunkBytes];
        this.out = new byte[Math.max(16, options.chunkBytes)];
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    void run() {
        if (mode == Mode.TEXT) {
            scanText();
        } else {
            scanLines();
        }
        options.progress.advanced(bytes.size, bytes.size);
        keepFrom = outLength;
        flush();
        sha256 = HexFormat.of().formatHex(digest.digest());
    }

    /** The byte at pos from the chunk, refilled from pos when pos is past its end (the scans only move forward). */
    private int byteAt(long pos) {
        int i = (int) (pos - chunkStart);
        if (i >= chunkLength) {
            refill(pos);
            i = 0;
        }
        return chunk[i];
    }

    private void refill(long pos) {
        chunkStart = pos;
        chunkLength = bytes.get(pos, chunk, 0, chunk.length);
        options.progress.advanced(pos, bytes.size);
    }

    private void scanText() {
        long size = bytes.size;
        long pos = 0;
        while (pos < size) {
            int b = byteAt(pos);
            if ((characters & (STRIDE - 1)) == 0) {
                index.add(pos);
            }
            int cp;
            int length = 1;
            if (b > 0 && b != '\r') {
                cp = b;
                append(b);
            } else if (b == '\r') {
                cp = '\n';
                length = pos + 1 < size && bytes.get(pos + 1) == '\n' ? 2 : 1;
                append('\n');
            } else if (b == 0) {
                throw nul(pos);
            } else {
                int packed = Utf8.decode(bytes, pos);
                if (packed == Utf8.MALFORMED) {
                    throw notUtf8(pos);
                }
                cp = Utf8.codePoint(packed);
                length = Utf8.length(packed);
                for (int k = 0; k < length; k++) {
                    append(bytes.get(pos + k));
                }
            }
            if (cp == '\n') {
                line++;
            } else if (blank && !Character.isWhitespace(cp)) {
                blank = false;
            }
            mark(cp, pos);
            characters++;
            pos += length;
        }
    }

    private void scanLines() {
        long size = bytes.size;
        long pos = 0;
        while (true) {
            long start = pos;
            keepFrom = outLength;
            boolean ascii = true;
            int n = 0;
            int first = -1;
            int last = -1;
            long end = -1;
            while (pos < size) {
                int b = byteAt(pos);
                if (b == '\n' || b == '\r') {
                    end = pos;
                    pos += b == '\r' && pos + 1 < size && bytes.get(pos + 1) == '\n' ? 2 : 1;
                    break;
                }
                if (b > 0) {
                    if (ascii) {
                        int lower = b >= 'A' && b <= 'Z' ? b | 0x20 : b;
                        append(lower);
                        mark(lower, pos);
                        if (!ASCII_SPACE[lower]) {
                            if (first < 0) {
                                first = n;
                            }
                            last = n;
                        }
                    }
                    pos++;
                } else if (b == 0) {
                    throw nul(pos);
                } else {
                    int packed = Utf8.decode(bytes, pos);
                    if (packed == Utf8.MALFORMED) {
                        throw notUtf8(pos);
                    }
                    ascii = false;
                    pos += Utf8.length(packed);
                }
                if (++n > Corpus.MAX_RAW_LINE) {
                    throw DinoException.naming(DinoException.literal(bytes.source) + ": line " + line + " (at byte offset "
                            + start + ") is longer than " + Corpus.MAX_RAW_LINE + " characters; lines mode reads one name per "
                            + "line: train on running text with {mode} text");
                }
            }
            boolean terminated = end >= 0;
            if (!terminated) {
                end = pos;
            }
            int stripped;
            if (ascii) {
                stripped = first < 0 ? 0 : last - first + 1;
                characters += n;
            } else {
                outLength = keepFrom; // the ASCII prefix is appended again below, in order
                String lower = lowered(bytes, start, end);
                lineStart = true;
                for (int k = 0; k < lower.length(); ) {
                    int cp = lower.codePointAt(k);
                    mark(cp, start);
                    characters++;
                    k += Character.charCount(cp);
                }
                lineStart = false;
                for (byte b : lower.getBytes(StandardCharsets.UTF_8)) {
                    append(b);
                }
                String name = Corpus.pythonStrip(lower);
                stripped = name.codePointCount(0, name.length());
            }
            if (stripped > 0) {
                if (stripped > options.maxLineLength) {
                    String name = Corpus.pythonStrip(lowered(bytes, start, end));
                    throw DinoException.naming(DinoException.literal(bytes.source) + ": line " + line + " (at byte offset "
                            + start + ") has " + stripped + " characters (\"" + DinoException.literal(
                            name.substring(0, name.offsetByCodePoints(0, Math.min(20, stripped))))
                            + "...\"), more than {maxLineLength} " + options.maxLineLength
                            + ": raise the limit, or train on running text with {mode} text");
                }
                if (index.size() == Offsets.MAX_COUNT) {
                    throw new DinoException(bytes.source + ": more than " + Offsets.MAX_COUNT + " names (at line " + line
                            + "); give fewer");
                }
                index.add(start);
                longest = Math.max(longest, stripped);
            }
            if (!terminated) {
                return;
            }
            keepFrom = outLength;
            append('\n');
            mark('\n', end);
            characters++;
            line++;
        }
    }

    /** The normalized text of bytes [start, end) (one line, no newline in it), lowercased; null if not UTF-8. */
    static String lowered(DataBytes bytes, long start, long end) {
        StringBuilder sb = new StringBuilder((int) Math.min(end - start, Corpus.MAX_RAW_LINE));
        for (long p = start; p < end; ) {
            int packed = Utf8.decode(bytes, p);
            if (packed == Utf8.MALFORMED) {
                return null;
            }
            sb.appendCodePoint(Utf8.codePoint(packed));
            p += Utf8.length(packed);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Notes a character of the text; refuses a vocabulary past {@link Vocabulary#MAX_SIZE}. */
    private void mark(int cp, long pos) {
        if (seen[cp]) {
            return;
        }
        seen[cp] = true;
        if (options.vocabulary != null) {
            if (firstUnknown < 0 && options.vocabulary.indexOf(cp) < 0) {
                firstUnknown = pos;
                firstUnknownWhere = where(pos);
            }
        } else if (++distinct > Vocabulary.MAX_SIZE) {
            throw new DinoException(bytes.source + ": the character " + String.format(Locale.ROOT, "U+%04X", cp) + " ("
                    + where(pos) + ") is distinct character number " + distinct + ", more than the " + Vocabulary.MAX_SIZE
                    + " a vocabulary may have: is it text?");
        }
    }

    /** The corpus's vocabulary: the given one (every character must be in it) or the sorted characters seen. */
    Vocabulary vocabulary() {
        if (mode == Mode.LINES) {
            seen['\n'] = true; // the end-of-name token, even in a file of one line
        }
        Vocabulary given = options.vocabulary;
        if (given != null) {
            if (firstUnknown >= 0) {
                java.util.List<Integer> unknown = new java.util.ArrayList<>();
                for (int cp = 0; cp < seen.length; cp++) {
                    if (seen[cp] && given.indexOf(cp) < 0) {
                        unknown.add(cp);
                    }
                }
                throw given.unknown(unknown, "the data", " (the first " + firstUnknownWhere + ")");
            }
            return given;
        }
        int[] codePoints = new int[distinct + 1];
        int n = 0;
        for (int cp = 0; cp < seen.length; cp++) {
            if (seen[cp]) {
                codePoints[n++] = cp;
            }
        }
        if (n > Vocabulary.MAX_SIZE) {
            throw new DinoException(bytes.source + " has " + n + " distinct characters, more than the " + Vocabulary.MAX_SIZE
                    + " a vocabulary may have: is it text?");
        }
        return new Vocabulary(Arrays.copyOf(codePoints, n));
    }

    /** Where the character at pos is: "at byte offset P, line L", or "in line L, which starts at byte offset P". */
    private String where(long pos) {
        return lineStart ? "in line " + line + ", which starts at byte offset " + pos : "at byte offset " + pos + ", line " + line;
    }

    private void append(int b) {
        if (outLength == out.length) {
            if (mode == Mode.TEXT) {
                keepFrom = outLength; // text keeps nothing back
            }
            flush();
            if (outLength == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
        }
        out[outLength++] = (byte) b;
    }

    /** Hashes the bytes before keepFrom and moves the rest to the front. */
    private void flush() {
        digest.update(out, 0, keepFrom);
        System.arraycopy(out, keepFrom, out, 0, outLength - keepFrom);
        outLength -= keepFrom;
        keepFrom = 0;
    }

    private DinoException nul(long pos) {
        return new DinoException(bytes.source + " contains NUL bytes and looks binary (the first at byte offset " + pos
                + ", line " + line + "): give a text file with one name per line, or running text");
    }

    private DinoException notUtf8(long pos) {
        return new DinoException(bytes.source + " is not UTF-8 text: byte 0x"
                + String.format(Locale.ROOT, "%02X", bytes.get(pos) & 0xff) + " at byte offset " + pos + " (line " + line
                + ") starts no valid character: convert the file to UTF-8 (e.g. with iconv)");
    }
}
