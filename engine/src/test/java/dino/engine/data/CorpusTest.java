// Corpus reading: the reference's lowercasing, stripping, vocabulary; and clear errors for bad files.
package dino.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
    @TempDir
    Path dir;

    @Test
    void readsLikeTheReference() {
        Corpus c = Corpus.fromText("Aachenosaurus\r\n  Ab \nZ\u00a0\n\nabc", "test");
        assertEquals(List.of("aachenosaurus", "ab", "z", "abc"), c.lineTexts());
        String text = "aachenosaurus\n  ab \nz\u00a0\n\nabc"; // what the reference calls data
        assertEquals(text.length(), c.characterCount());
        assertEquals(ReferenceReading.sha256(text), c.fingerprint());
        assertEquals('\n', c.vocabulary.codePoint(0));
        assertEquals(0, c.vocabulary.newline());
        assertEquals(' ', c.vocabulary.codePoint(1));
        assertArrayEquals(new int[] {c.vocabulary.indexOf('a'), c.vocabulary.indexOf('b')}, c.vocabulary.encode("ab", "test"));
        assertEquals(2, c.vocabulary.indexOf('a'));
    }

    @Test
    void oneLineFileStillHasTheEndToken() {
        Corpus c = Corpus.fromText("rex", "test");
        assertEquals(0, c.vocabulary.newline());
    }

    @Test
    void unknownCharactersAreRejected() {
        Corpus c = Corpus.fromText("abc\n", "test");
        DinoException e = assertThrows(DinoException.class, () -> c.vocabulary.encode("abzy\u00e9z", "--prefix"));
        assertEquals("--prefix has characters the model does not know: 'y', 'z', '\u00e9' (it knows '\\nabc')", e.getMessage());
    }

    @Test
    void badFilesGiveOneLineErrors() throws IOException {
        assertMessage(dir.resolve("missing.txt"), "not found");
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        assertMessage(empty, "empty");
        Path blank = Files.writeString(dir.resolve("blank.txt"), " \n\t\n\n");
        assertMessage(blank, "no non-empty line");
        Path binary = Files.write(dir.resolve("bin.txt"), new byte[] {'a', 0, 'b'});
        assertMessage(binary, "NUL");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'a', (byte) 0xe9, '\n'});
        assertMessage(latin1, "not UTF-8");
    }

    private static void assertMessage(Path file, String expected) {
        DinoException e = assertThrows(DinoException.class, () -> Corpus.read(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
