// numpy's .npy array format (version 1.0): the few dtypes dino's model files use, written and read strictly.
package dino.engine.numpy;

import dino.api.DinoException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One numpy array: dtype {@code <f8} (doubles), {@code <f4} (floats), {@code <i8} (longs), {@code <i4} (ints) or {@code <U n}
 * (text, UTF-32), a
 * C-order shape, and its values. {@link #toBytes()} writes the .npy format that {@code numpy.load}
 * reads without pickle; {@link #parse} reads it back and rejects anything else with a
 * {@link DinoException}, never allocating more than the bytes it was given can hold.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern HEADER = Pattern.compile(
            "\\{\\s*'descr':\\s*'([^']*)',\\s*'fortran_order':\\s*(True|False),\\s*'shape':\\s*\\(([^)]*)\\),?\\s*}\\s*");

    /** The element type. */
    public enum Type { FLOAT64, FLOAT32, INT64, INT32, UNICODE }

    public final Type type;
    public final long[] shape;
    /** Values for FLOAT64 and FLOAT32 (each float exactly as a double), else null. */
    public final double[] doubles;
    /** Values for INT64, else null. */
    public final long[] longs;
    /** Values for INT32 (example orders: half the bytes of INT64 for a corpus of millions of names), else null. */
    public final int[] ints;
    /** For UNICODE: each element's code points (no trailing NULs), else null. */
    public final String[] strings;
    /** For UNICODE: characters per element (the n of {@code <Un}). */
    private final int width;

    private Npy(Type type, long[] shape, double[] doubles, long[] longs, String[] strings, int width) {
        this(type, shape, doubles, longs, null, strings, width);
    }

    private Npy(Type type, long[] shape, double[] doubles, long[] longs, int[] ints, String[] strings, int width) {
        this.type = type;
        this.shape = shape;
        this.doubles = doubles;
        this.longs = longs;
        this.ints = ints;
        this.strings = strings;
        this.width = width;
    }

    public static Npy of(double[] values, long... shape) {
        checkCount(values.length, shape);
        return new Npy(Type.FLOAT64, shape.clone(), values, null, null, 0);
    }

    /** A float32 array of values that must each be a float (they are written as floats). */
    public static Npy ofFloats(double[] values, long... shape) {
        checkCount(values.length, shape);
        for (double v : values) {
            if ((double) (float) v != v && !Double.isNaN(v)) {
                throw new IllegalArgumentException(v + " is not a float");
            }
        }
        return new Npy(Type.FLOAT32, shape.clone(), values, null, null, 0);
    }

    public static Npy of(long[] values, long... shape) {
        checkCount(values.length, shape);
        return new Npy(Type.INT64, shape.clone(), null, values, null, 0);
    }

    /** An int32 array over values (not copied). */
    public static Npy ofInts(int[] values, long... shape) {
        checkCount(values.length, shape);
        return new Npy(Type.INT32, shape.clone(), null, null, values, null, 0);
    }

    /** A 0-d float64 array. */
    public static Npy scalar(double value) {
        return of(new double[] {value});
    }

    /** A 0-d int64 array. */
    public static Npy scalar(long value) {
        return of(new long[] {value});
    }

    /** A 0-d text array ({@code <Un}). */
    public static Npy text(String value) {
        return strings(new String[] {value});
    }

    /** Text elements, shape {@code (n,)}, or 0-d for a single-element array created by {@link #text}. */
    public static Npy strings(String[] values, long... shape) {
        long[] s = shape.length == 0 && values.length != 1 ? new long[] {values.length} : shape;
        checkCount(values.length, s);
        int width = 1;
        for (String v : values) {
            width = Math.max(width, v.codePointCount(0, v.length()));
        }
        return new Npy(Type.UNICODE, s.clone(), null, null, values.clone(), width);
    }

    private static void checkCount(int count, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + count);
        }
    }

    /** Number of elements: the product of the shape (1 for 0-d). */
    public long count() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The .npy bytes: magic, version 1.0, a header padded to 64 bytes, then little-endian data. */
    public byte[] toBytes() {
        String descr;
        int itemSize;
        switch (type) {
            case FLOAT64: descr = "<f8"; itemSize = 8; break;
            case FLOAT32: descr = "<f4"; itemSize = 4; break;
            case INT64: descr = "<i8"; itemSize = 8; break;
            case INT32: descr = "<i4"; itemSize = 4; break;
            default: descr = "<U" + width; itemSize = 4 * width; break;
        }
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i > 0 ? ", " : "").append(shape[i]);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        header.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.ISO_8859_1);

        int count = (int) count();
        ByteBuffer data = ByteBuffer.allocate(count * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case FLOAT64: data.putDouble(doubles[i]); break;
                case FLOAT32: data.putFloat((float) doubles[i]); break;
                case INT64: data.putLong(longs[i]); break;
                case INT32: data.putInt(ints[i]); break;
                default:
                    int[] cps = strings[i].codePoints().toArray();
                    for (int c = 0; c < width; c++) {
                        data.putInt(c < cps.length ? cps[c] : 0);
                    }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + headerBytes.length + data.capacity());
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(headerBytes.length & 0xff);
        out.write(headerBytes.length >>> 8);
        out.writeBytes(headerBytes);
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    /** Parses .npy bytes; {@code name} labels errors. Only what {@link #toBytes()} writes is accepted. */
    public static Npy parse(byte[] bytes, String name) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw corrupt(name, "not a .npy array");
        }
        int major = bytes[6];
        int headerLength;
        int dataStart;
        if (major == 1) {
            headerLength = in.getShort(8) & 0xffff;
            dataStart = 10 + headerLength;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw corrupt(name, "truncated header");
            }
            long length = in.getInt(8) & 0xffffffffL;
            if (length > bytes.length - 12) {
                throw corrupt(name, "truncated header");
            }
            headerLength = (int) length;
            dataStart = 12 + headerLength;
        } else {
            throw corrupt(name, "unsupported .npy version " + major);
        }
        if (dataStart > bytes.length) {
            throw corrupt(name, "truncated header");
        }
        String header = new String(bytes, dataStart - headerLength, headerLength, StandardCharsets.ISO_8859_1);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw corrupt(name, "unreadable header");
        }
        if (m.group(2).equals("True")) {
            throw corrupt(name, "Fortran-order arrays are not supported");
        }
        long[] shape = parseShape(m.group(3), name);
        long count = 1;
        for (long d : shape) {
            if (d < 0 || (d > 0 && count > Long.MAX_VALUE / d)) {
                throw corrupt(name, "impossible shape");
            }
            count *= d;
        }
        String descr = m.group(1);
        long available = bytes.length - dataStart;
        if (descr.equals("<f8") || descr.equals("<i8")) {
            if (count > available / 8 || count * 8 != available) {
                throw corrupt(name, "holds " + available + " data bytes, its shape needs " + (count * 8L));
            }
            if (descr.equals("<f8")) {
                double[] values = new double[(int) count];
                in.position(dataStart).asDoubleBuffer().get(values);
                return new Npy(Type.FLOAT64, shape, values, null, null, 0);
            }
            long[] values = new long[(int) count];
            in.position(dataStart).asLongBuffer().get(values);
            return new Npy(Type.INT64, shape, null, values, null, 0);
        }
        if (descr.equals("<i4")) {
            if (count > available / 4 || count * 4 != available) {
                throw corrupt(name, "holds " + available + " data bytes, its shape needs " + (count * 4L));
            }
            int[] values = new int[(int) count];
            in.position(dataStart).asIntBuffer().get(values);
            return new Npy(Type.INT32, shape, null, null, values, null, 0);
        }
        if (descr.equals("<f4")) {
            if (count > available / 4 || count * 4 != available) {
                throw corrupt(name, "holds " + available + " data bytes, its shape needs " + (count * 4L));
            }
            float[] floats = new float[(int) count];
            in.position(dataStart).asFloatBuffer().get(floats);
            double[] values = new double[floats.length];
            for (int i = 0; i < floats.length; i++) {
                values[i] = floats[i];
            }
            return new Npy(Type.FLOAT32, shape, values, null, null, 0);
        }
        if (descr.startsWith("<U")) {
            int width = parseInt(descr.substring(2), name);
            if (width < 1 || width > available / 4 || count > available / (4L * width) || count * 4L * width != available) {
                throw corrupt(name, "text data does not match its shape");
            }
            String[] values = new String[(int) count];
            in.position(dataStart);
            for (int i = 0; i < count; i++) {
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < width; c++) {
                    int cp = in.getInt();
                    if (cp != 0) {
                        if (!Character.isValidCodePoint(cp)) {
                            throw corrupt(name, "invalid character");
                        }
                        sb.appendCodePoint(cp);
                    }
                }
                values[i] = sb.toString();
            }
            return new Npy(Type.UNICODE, shape, null, null, values, width);
        }
        throw corrupt(name, "has dtype " + descr + "; dino writes <f8, <f4, <i8, <i4 and <U arrays");
    }

    private static long[] parseShape(String dims, String name) {
        String trimmed = dims.trim();
        if (trimmed.isEmpty()) {
            return new long[0];
        }
        String[] parts = trimmed.split(",");
        int n = parts.length;
        if (parts[n - 1].isBlank()) {
            n--;
        }
        if (n > 8) {
            throw corrupt(name, "too many dimensions");
        }
        long[] shape = new long[n];
        for (int i = 0; i < n; i++) {
            shape[i] = parseInt(parts[i].trim(), name);
        }
        return shape;
    }

    private static int parseInt(String s, String name) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw corrupt(name, "unreadable header");
        }
    }

    private static DinoException corrupt(String name, String what) {
        return new DinoException("array " + name + ": " + what);
    }
}
