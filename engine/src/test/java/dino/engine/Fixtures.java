// Reads the numpy fixtures in src/test/resources/numpy (made by make_fixtures.py there).
package dino.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Fixture lines split into fields, comment lines dropped. */
public final class Fixtures {
    private Fixtures() {
    }

    public static List<String[]> lines(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/numpy/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.trim().split(" "));
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalStateException("fixture " + name + " is empty");
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String[]> lines(String name, String kind) {
        List<String[]> rows = new ArrayList<>();
        for (String[] row : lines(name)) {
            if (row[0].equals(kind)) {
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("fixture " + name + " has no '" + kind + "' rows");
        }
        return rows;
    }

    public static double[] doubles(String[] fields, int from) {
        double[] values = new double[fields.length - from];
        for (int i = from; i < fields.length; i++) {
            values[i - from] = Double.parseDouble(fields[i]);
        }
        return values;
    }
}
