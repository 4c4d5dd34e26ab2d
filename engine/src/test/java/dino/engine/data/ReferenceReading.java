// A corpus read the way it was before streaming: the whole file as one String. The streaming reader must agree.
package dino.engine.data;

import dino.api.Mode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** The former {@code Corpus.fromText}: normalize, lowercase (LINES), split, strip; the vocabulary of the whole text. */
final class ReferenceReading {
    /** The text as the reference reads it: newlines normalized, LINES lowercased. */
    final String text;
    /** LINES: the non-empty stripped lines. */
    final List<String> lines = new ArrayList<>();
    final int[] vocabulary;

    ReferenceReading(String raw, Mode mode) {
        String normalized = raw.replace("\r\n", "\n").replace('\r', '\n');
        if (mode == Mode.TEXT) {
            text = normalized;
            vocabulary = text.codePoints().distinct().sorted().toArray();
            return;
        }
        text = normalized.toLowerCase(Locale.ROOT);
        for (String line : text.split("\n", -1)) {
            String stripped = Corpus.pythonStrip(line);
            if (!stripped.isEmpty()) {
                lines.add(stripped);
            }
        }
        vocabulary = (text + "\n").codePoints().distinct().sorted().toArray();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
