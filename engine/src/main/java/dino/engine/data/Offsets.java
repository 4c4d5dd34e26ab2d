// Increasing byte offsets into a file of any size in 4 bytes each: where each name starts, or every 4096th character.
package dino.engine.data;

import java.util.Arrays;

/**
 * An append-only list of increasing {@code long} byte offsets, stored as their low 32 bits in blocks
 * of 2^16 ints (no array larger than 256 KiB, and growing never copies what is stored), plus, for
 * each 4 GiB of the file, the index of the first offset inside it. Ten million names take 40 MB
 * whatever the file's size; offsets past 2^31 and 2^32 read back exactly.
 */
final class Offsets {
    private static final int BLOCK_SHIFT = 16;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    /** At most this many offsets: indices are ints, and the shuffled order is one int array. */
    static final int MAX_COUNT = Integer.MAX_VALUE - 8;

    private int[][] blocks = new int[1][];
    private int count;
    /** highStarts[h]: index of the first offset at or above h·2^32. */
    private int[] highStarts = {0};
    private long last = -1;

    /** Appends an offset larger than the last one. */
    void add(long offset) {
        if (offset <= last) {
            throw new IllegalArgumentException("offsets must increase: " + offset + " after " + last);
        }
        if (count == MAX_COUNT) {
            throw new IllegalStateException("more than " + MAX_COUNT + " offsets");
        }
        int high = (int) (offset >>> 32);
        while (highStarts.length <= high) {
            highStarts = Arrays.copyOf(highStarts, highStarts.length + 1);
            highStarts[highStarts.length - 1] = count;
        }
        int b = count >>> BLOCK_SHIFT;
        if (b == blocks.length) {
            blocks = Arrays.copyOf(blocks, blocks.length * 2);
        }
        if (blocks[b] == null) {
            blocks[b] = new int[BLOCK];
        }
        blocks[b][count & (BLOCK - 1)] = (int) offset;
        count++;
        last = offset;
    }

    long get(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("offset " + i + " of " + count);
        }
        long low = blocks[i >>> BLOCK_SHIFT][i & (BLOCK - 1)] & 0xffffffffL;
        int high = highStarts.length - 1;
        while (highStarts[high] > i) {
            high--;
        }
        return (long) high << 32 | low;
    }

    int size() {
        return count;
    }

    /** Heap bytes held (for the memory check). */
    long bytes() {
        return 4L * BLOCK * ((count + BLOCK - 1) / BLOCK) + 8L * blocks.length + 4L * highStarts.length;
    }
}
