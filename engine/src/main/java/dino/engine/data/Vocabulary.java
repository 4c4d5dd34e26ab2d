// The character vocabulary: sorted distinct code points of the corpus; the newline ends every name.
package dino.engine.data;

import dino.api.DinoException;
import dino.engine.numpy.PythonRepr;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Characters (Unicode code points) sorted ascending, as the reference's {@code sorted(set(data))}; index i
 * is the model's input and output i. The newline, when present, is the end-of-name token.
 */
public final class Vocabulary {
    /**
     * The most characters a vocabulary may have: every one is a row of the output layer and a term of
     * every softmax, and data with more distinct characters than the Basic Multilingual Plane holds
     * is not text a character model can learn (a binary file that happens to decode, say).
     */
    public static final int MAX_SIZE = 65_536;

    private final int[] codePoints;

    public Vocabulary(int[] sortedDistinctCodePoints) {
        int[] copy = sortedDistinctCodePoints.clone();
        for (int i = 1; i < copy.length; i++) {
            if (copy[i - 1] >= copy[i]) {
                throw new IllegalArgumentException("vocabulary must be sorted and distinct");
            }
        }
        if (copy.length == 0) {
            throw new IllegalArgumentException("vocabulary is empty");
        }
        this.codePoints = copy;
    }

    /** The vocabulary of a text: its distinct code points, sorted. */
    public static Vocabulary of(String text) {
        return new Vocabulary(text.codePoints().distinct().sorted().toArray());
    }

    public int size() {
        return codePoints.length;
    }

    /** Code point of index i. */
    public int codePoint(int index) {
        return codePoints[index];
    }

    /** Index of a code point, or -1 when it is not in the vocabulary. */
    public int indexOf(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    /** Index of the end-of-name token '\n', or -1 when the corpus has no newline. */
    public int newline() {
        return indexOf('\n');
    }

    /** The code points, in index order (a copy). */
    public int[] codePoints() {
        return codePoints.clone();
    }

    /**
     * The indices of a string's characters: the one encoder of the project (training data, data to
     * score, a sampling prefix). A character outside the vocabulary is a {@link DinoException} that
     * names every such character, e.g. {@code prefix has characters the model does not know: '-', '9'}; {@code what} may
     * name a setting as {@code {prefix}} ({@link dino.api.DinoException#naming}).
     */
    public int[] encode(String text, String what) {
        int[] ids = new int[text.codePointCount(0, text.length())];
        Set<String> unknown = new TreeSet<>();
        int i = 0;
        for (int offset = 0; offset < text.length(); offset += Character.charCount(text.codePointAt(offset))) {
            int c = text.codePointAt(offset);
            ids[i] = indexOf(c);
            if (ids[i++] < 0) {
                unknown.add(PythonRepr.ofString(new String(Character.toChars(c))));
            }
        }
        if (!unknown.isEmpty()) {
            throw unknown(unknown, what, "");
        }
        return ids;
    }

    /** The error for characters of {@code what} outside this vocabulary (code points, ascending); {@code where} follows the list. */
    DinoException unknown(java.util.List<Integer> codePoints, String what, String where) {
        Set<String> unknown = new TreeSet<>();
        for (int c : codePoints) {
            unknown.add(PythonRepr.ofString(new String(Character.toChars(c))));
        }
        return unknown(unknown, what, where);
    }

    private DinoException unknown(Set<String> unknown, String what, String where) {
        StringBuilder known = new StringBuilder();
        for (int cp : codePoints) {
            known.appendCodePoint(cp);
        }
        // what may name a setting ({prefix}); the characters and places are the data's, kept as they are.
        return DinoException.naming(what + " has characters the model does not know: "
                + DinoException.literal(String.join(", ", unknown) + where + " (it knows " + PythonRepr.ofString(known.toString()) + ")"));
    }

    /** The characters of a sequence of indices. */
    public String decode(int[] indices, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.appendCodePoint(codePoints[indices[i]]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary && Arrays.equals(codePoints, ((Vocabulary) o).codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }
}
