// Reading a model file's arrays: each one present, of its type and shape, finite; settings as scalars. One error per problem.
package dino.engine.io;

import dino.api.DinoException;
import dino.engine.numpy.Npy;
import java.util.Map;

/** Checked access to the arrays of an .npz, by name; every refusal is a {@link DinoException} that names the array. */
final class Entries {
    private Entries() {
    }

    /** Whether to read an array: when it is there, or when the file must have it (then a missing one is an error). */
    static boolean present(Map<String, Npy> a, String name, boolean required) {
        return required || a.containsKey(name);
    }

    static Npy require(Map<String, Npy> a, String name, Npy.Type type) {
        Npy array = a.get(name);
        if (array == null) {
            throw new DinoException("array " + name + " is missing");
        }
        if (array.type != type) {
            throw new DinoException("array " + name + " has the wrong type " + array.type + ", expected " + type);
        }
        return array;
    }

    static void checkShape(String name, Npy array, long rows, long cols) {
        if (array.shape.length != 2 || array.shape[0] != rows || array.shape[1] != cols) {
            throw new DinoException("array " + name + " has shape " + java.util.Arrays.toString(array.shape)
                    + ", expected [" + rows + ", " + cols + "]");
        }
    }

    static void checkFinite(String name, double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new DinoException("array " + name + " holds NaN or infinite values");
            }
        }
    }

    static Npy scalarOf(Map<String, Npy> a, String name, Npy.Type type) {
        Npy array = require(a, name, type);
        if (array.count() != 1) {
            throw new DinoException("array " + name + " must hold one value");
        }
        return array;
    }

    static String text(Map<String, Npy> a, String name) {
        return scalarOf(a, name, Npy.Type.UNICODE).strings[0];
    }

    static double real(Map<String, Npy> a, String name) {
        double v = scalarOf(a, name, Npy.Type.FLOAT64).doubles[0];
        if (!Double.isFinite(v)) {
            throw new DinoException("array " + name + " is NaN or infinite");
        }
        return v;
    }

    static long integer(Map<String, Npy> a, String name) {
        return scalarOf(a, name, Npy.Type.INT64).longs[0];
    }

    /** An index array, int32 (what dino writes) or int64 (older files). */
    static int[] indices(Map<String, Npy> a, String name) {
        Npy array = a.get(name);
        if (array != null && array.type == Npy.Type.INT32) {
            if (array.shape.length != 1) {
                throw new DinoException("array " + name + " must be one-dimensional");
            }
            for (int v : array.ints) {
                if (v < 0) {
                    throw new DinoException("array " + name + " holds an impossible index " + v);
                }
            }
            return array.ints;
        }
        array = require(a, name, Npy.Type.INT64);
        if (array.shape.length != 1) {
            throw new DinoException("array " + name + " must be one-dimensional");
        }
        int[] values = new int[array.longs.length];
        for (int i = 0; i < values.length; i++) {
            long v = array.longs[i];
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new DinoException("array " + name + " holds an impossible index " + v);
            }
            values[i] = (int) v;
        }
        return values;
    }
}
