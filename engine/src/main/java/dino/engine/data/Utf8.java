// Strict UTF-8: one code point at a byte offset of the data, read through the data's random access.
package dino.engine.data;

/**
 * Decodes one code point as {@code java.nio}'s UTF-8 decoder with {@code REPORT} accepts it (RFC 3629:
 * no overlong forms, no encoded surrogates, nothing above U+10FFFF, no sequence cut off by the end of
 * the data). The bytes come from {@link DataBytes#get}, so a character that straddles a buffer or a
 * mapped segment is read whole.
 */
final class Utf8 {
    /** {@link #decode}'s answer for bytes that are not UTF-8. */
    static final int MALFORMED = -1;

    private Utf8() {
    }

    /**
     * The code point starting at {@code pos} and its length in bytes, packed as {@code length << 21 |
     * codePoint} (read them with {@link #codePoint} and {@link #length}), or {@link #MALFORMED}.
     */
    static int decode(DataBytes bytes, long pos) {
        int b0 = bytes.get(pos) & 0xff;
        if (b0 < 0x80) {
            return 1 << 21 | b0;
        }
        int length;
        int min;
        int max = 0xbf;
        int cp;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            length = 2;
            cp = b0 & 0x1f;
            min = 0x80;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            length = 3;
            cp = b0 & 0x0f;
            min = b0 == 0xe0 ? 0xa0 : 0x80;
            max = b0 == 0xed ? 0x9f : 0xbf; // ED A0..BF would encode a surrogate
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            length = 4;
            cp = b0 & 0x07;
            min = b0 == 0xf0 ? 0x90 : 0x80;
            max = b0 == 0xf4 ? 0x8f : 0xbf; // F4 90.. would be above U+10FFFF
        } else {
            return MALFORMED; // a continuation byte, C0/C1 (overlong) or F5..FF
        }
        if (pos + length > bytes.size) {
            return MALFORMED;
        }
        for (int k = 1; k < length; k++) {
            int b = bytes.get(pos + k) & 0xff;
            if (b < (k == 1 ? min : 0x80) || b > (k == 1 ? max : 0xbf)) {
                return MALFORMED;
            }
            cp = cp << 6 | (b & 0x3f);
        }
        return length << 21 | cp;
    }

    static int codePoint(int packed) {
        return packed & 0x1fffff;
    }

    static int length(int packed) {
        return packed >>> 21;
    }
}
