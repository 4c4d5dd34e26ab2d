// Formatting shared by the commands: Python's %f, the reference's capitalization, text-sample headers.
package dino.cli.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Number and name formatting identical to the reference's Python output. */
public final class Text {
    private Text() {
    }

    /** Python's {@code '%f' % x}: the exact binary value rounded half-even to 6 decimals. */
    public static String fixed6(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(x).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The reference's {@code txt[0].upper() + txt[1:]}. */
    public static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        int n = Character.charCount(first);
        return new String(Character.toChars(first)).toUpperCase(Locale.ROOT) + s.substring(n);
    }

    /**
     * The line before each of several text samples, so that a reader and a script can tell them apart
     * (text runs on over many lines): {@code --- sample 2 of 3, seed 1 ---}.
     */
    public static String sampleHeader(int k, int count, long seed) {
        return "--- sample " + (k + 1) + " of " + count + ", seed " + seed + " ---";
    }
}
