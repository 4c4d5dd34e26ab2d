// The streaming reader against the whole-String reading it replaced, with buffers and mapped segments a few bytes long.
package dino.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import dino.api.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random texts of awkward characters (CRLF and lone CR, 2-, 3- and 4-byte UTF-8, the dotted capital I
 * that lowercases to two characters, the sigma whose lowercase depends on its neighbours, Unicode
 * spaces that strip) are read by the streaming reader with chunks of 1 to 64 bytes and mapped
 * segments of 4 to 32 bytes, names kept in memory or decoded on use, and must give exactly what the
 * former reader gave: vocabulary, character count, fingerprint, every name, every character.
 */
class StreamingCorpusTest {
    private static final String[] PALETTE = {"a", "b", "z", "Q", "R", " ", " ", "\t", "\n", "\n", "\r", "\r\n", "\u00e9",
        "\u0130", "\u03a3", "\u00df", "\u20ac", "\ud83d\ude00", "\u0085", "\u00a0", "\u2028", "\u3000", "\u001c", "x", "y"};
    /** (chunk bytes, log2 of the segment bytes, names in memory up to this many characters). */
    private static final long[][] BUFFERS = {{1, 2, 0}, {2, 2, 1 << 22}, {3, 3, 0}, {7, 4, 1 << 22}, {64, 5, 0},
        {1 << 16, 30, 1 << 22}};

    @TempDir
    Path dir;

    static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(PALETTE[random.nextInt(PALETTE.length)]);
            if (random.nextInt(8) == 0) {
                sb.append("Ab\u03a3 c"); // a sigma after a cased letter: a final sigma when a space follows
            }
        }
        return sb.toString();
    }

    @Test
    void agreesWithTheWholeStringReading() throws IOException {
        Random random = new Random(12);
        for (int trial = 0; trial < 40; trial++) {
            String raw = randomText(random, 20 + random.nextInt(200));
            Path file = Files.writeString(dir.resolve("t" + trial + ".txt"), raw);
            for (Mode mode : Mode.values()) {
                ReferenceReading expected = new ReferenceReading(raw, mode);
                for (long[] b : BUFFERS) {
                    ReadOptions options = ReadOptions.DEFAULT.buffers((int) b[0], (int) b[1], b[2]);
                    check(expected, Corpus.read(file, mode, options), random, "trial " + trial + " " + mode + " buffers " + b[0]);
                }
                check(expected, Corpus.fromText(raw, "test", mode), random, "trial " + trial + " " + mode + " in the heap");
            }
        }
    }

    private static void check(ReferenceReading expected, Corpus c, Random random, String what) {
        assertArrayEquals(expected.vocabulary, c.vocabulary.codePoints(), what);
        assertEquals(expected.text.codePointCount(0, expected.text.length()), c.characterCount(), what);
        assertEquals(ReferenceReading.sha256(expected.text), c.fingerprint(), what);
        if (c.mode == Mode.LINES) {
            assertEquals(expected.lines, c.lineTexts(), what);
            int longest = 0;
            for (int i = 0; i < c.lineCount(); i++) {
                assertArrayEquals(c.vocabulary.encode(expected.lines.get(i), "test"), c.line(i), what);
                longest = Math.max(longest, c.line(i).length);
            }
            assertEquals(longest, c.longestLine(), what);
            return;
        }
        int[] ids = c.vocabulary.encode(expected.text, "test");
        int[] read = new int[ids.length];
        TextCursor cursor = c.cursor();
        cursor.read(read, 0, ids.length);
        assertArrayEquals(ids, read, what);
        for (int k = 0; k < 20; k++) {
            int from = random.nextInt(ids.length);
            int n = random.nextInt(ids.length - from + 1);
            cursor.seek(from);
            int[] part = new int[n];
            cursor.read(part, 0, n);
            assertArrayEquals(java.util.Arrays.copyOfRange(ids, from, from + n), part, what + " at " + from);
        }
    }

    @Test
    void aCharacterCutByABufferOrSegmentEdgeStaysWhole() throws IOException {
        // A 4-byte character at every offset against 4-byte chunks and 4-byte mapped segments.
        for (int shift = 0; shift < 8; shift++) {
            String raw = "x".repeat(shift) + "\ud83d\ude00\u20ac\u00e9z\n" + "y".repeat(9);
            Path file = Files.writeString(dir.resolve("cut" + shift + ".txt"), raw);
            for (Mode mode : Mode.values()) {
                Corpus c = Corpus.read(file, mode, ReadOptions.DEFAULT.buffers(4, 2, 0));
                assertArrayEquals(new ReferenceReading(raw, mode).vocabulary, c.vocabulary.codePoints(), "offset " + shift);
                assertTrue(c.vocabulary.indexOf(0x1f600) >= 0, "the emoji is one character");
            }
        }
        // Over the 64 KiB chunk of a default read, too.
        String raw = "a".repeat((1 << 16) - 2) + "\u20ac\n";
        Corpus c = Corpus.read(Files.writeString(dir.resolve("edge.txt"), raw), Mode.TEXT);
        assertEquals((1 << 16) - 2 + 2, c.characterCount());
        assertTrue(c.vocabulary.indexOf(0x20ac) >= 0);
    }

    @Test
    void offsetsPastTwoAndFourGibibytesReadBack() {
        long[] values = {0, 17, (1L << 31) - 1, 1L << 31, (1L << 32) - 1, 1L << 32, (1L << 32) + 5, 9L << 32, (9L << 32) + 1,
            (40L << 32) + 123_456_789};
        Offsets offsets = new Offsets();
        for (long v : values) {
            offsets.add(v);
        }
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], offsets.get(i), "offset " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> offsets.add(3));
        // Many offsets across block boundaries.
        Offsets many = new Offsets();
        for (long i = 0; i < 200_000; i++) {
            many.add((1L << 31) - 100_000 + i * 30_000);
        }
        for (int i = 0; i < 200_000; i += 997) {
            assertEquals((1L << 31) - 100_000 + i * 30_000L, many.get(i));
        }
    }

    @Test
    void invalidUtf8DeepInsideNamesItsByteOffsetAndLine() throws IOException {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            names.append("name").append(i % 977).append('\n');
        }
        byte[] head = names.toString().getBytes(StandardCharsets.UTF_8); // past the first 64 KiB buffer
        assertTrue(head.length > 3 * (1 << 16));
        byte[][] bad = {{(byte) 0xe9, 'x'}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xe2, (byte) 0x82}};
        for (Mode mode : Mode.values()) {
            for (byte[] b : bad) {
                byte[] bytes = java.util.Arrays.copyOf(head, head.length + b.length);
                System.arraycopy(b, 0, bytes, head.length, b.length);
                Path file = Files.write(dir.resolve("bad.txt"), bytes);
                DinoException e = assertThrows(DinoException.class, () -> Corpus.read(file, mode));
                assertEquals(file + " is not UTF-8 text: byte 0x" + String.format("%02X", b[0] & 0xff) + " at byte offset "
                        + head.length + " (line 30001) starts no valid character: convert the file to UTF-8 (e.g. with iconv)",
                        e.getMessage());
            }
        }
    }

    @Test
    void aLongLineFarDownNamesItsLine() throws IOException {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            names.append(i == 39_999 ? "q".repeat(1001) : "rex").append('\n');
        }
        Path file = Files.writeString(dir.resolve("long.txt"), names);
        DinoException e = assertThrows(DinoException.class,
                () -> Corpus.read(file, Mode.LINES, ReadOptions.DEFAULT.maxLineLength(1000)));
        assertEquals(file + ": line 40000 (at byte offset " + 4 * 39_999 + ") has 1001 characters (\"qqqqqqqqqqqqqqqqqqqq...\"), "
                + "more than maxLineLength 1000: raise the limit, or train on running text with mode text", e.getMessage());
        assertEquals(file + ": line 40000 (at byte offset 159996) has 1001 characters (\"qqqqqqqqqqqqqqqqqqqq...\"), "
                + "more than --max-line-length 1000: raise the limit, or train on running text with --mode text",
                e.message(name -> name.equals("maxLineLength") ? "--max-line-length" : "--" + name));
        assertEquals(1001, Corpus.read(file, Mode.LINES, ReadOptions.DEFAULT.maxLineLength(1001)).longestLine());
    }

    @Test
    void aVocabularyOverTheLimitIsRefused() throws IOException {
        StringBuilder text = new StringBuilder();
        int cp = 0x100;
        for (int n = 0; n <= Vocabulary.MAX_SIZE; cp++) {
            if (Character.isDefined(cp) && !Character.isSurrogate((char) cp) && cp < 0x10000 || cp >= 0x10000) {
                text.appendCodePoint(cp);
                n++;
            }
        }
        Path file = Files.writeString(dir.resolve("wide.txt"), "ab" + text);
        DinoException e = assertThrows(DinoException.class, () -> Corpus.read(file, Mode.TEXT));
        assertTrue(e.getMessage().contains("is distinct character number 65537, more than the 65536 a vocabulary may have"),
                e.getMessage());
        assertTrue(e.getMessage().contains("at byte offset "), e.getMessage());
    }

    @Test
    void aFileThatChangesIsRefusedBeforeItIsTrustedAgain() throws IOException {
        Path file = Files.writeString(dir.resolve("changing.txt"), "the rex ran past the raptor\n".repeat(50));
        Corpus c = Corpus.read(file, Mode.TEXT);
        c.checkUnchanged();
        Files.writeString(file, "and on\n", java.nio.file.StandardOpenOption.APPEND);
        DinoException e = assertThrows(DinoException.class, c::checkUnchanged);
        assertTrue(e.getMessage().startsWith("data file " + file + " changed while in use: its size went from 1400 to 1407"),
                e.getMessage());
    }

    @Test
    void aMappedFileCutShortFailsWithOneLineNotACrash() throws IOException {
        Path file = Files.writeString(dir.resolve("cut.txt"), "the rex ran past the raptor\n".repeat(2000));
        Corpus c = Corpus.read(file, Mode.TEXT);
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(100);
        }
        TextCursor cursor = c.cursor();
        DinoException e = assertThrows(DinoException.class, () -> {
            cursor.seek(40_000);
            cursor.read(new int[10], 0, 10);
        });
        assertTrue(e.getMessage().startsWith("data file " + file + " changed while in use: it was shortened"), e.getMessage());
    }
}
