// The query string of `dino serve`'s sampling endpoints, checked into the API's Sampling or refused in one line.
package dino.cli.serve;

import dino.api.DinoException;
import dino.api.Sampling;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Parses {@code count=&length=&temperature=&top_k=&prefix=&seed=} into a {@link Sampling}. An unknown or repeated
 * parameter, a value that is not a number, one outside the server's limits or the API's ranges is a
 * {@link BadRequest} whose message names the parameter as the client wrote it. Without a seed, the request gets a
 * random one, which the response reports, so any answer can be drawn again.
 */
final class ServeQuery {
    /** API names in errors, as the query spells them. */
    private static final Map<String, String> NAMES = Map.of("topK", "top_k", "count", "count", "length", "length",
            "temperature", "temperature", "prefix", "prefix", "seed", "seed");

    private ServeQuery() {
    }

    /** A request the server refuses with status 400 and this one-line message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** How much one request may ask for. */
    record Limits(int maxCount, int maxLength) {
    }

    /**
     * The sampling a raw query asks for ({@code null} or "" for none), among {@code allowed} parameter names.
     * {@code count} defaults to 1 where it is not allowed, else to {@code defaultCount}.
     */
    static Sampling parse(String rawQuery, List<String> allowed, int defaultCount, Limits limits) {
        Map<String, String> p = parameters(rawQuery, allowed);
        int count = p.containsKey("count") ? whole(p, "count", 0, limits.maxCount()) : defaultCount;
        long seed = p.containsKey("seed") ? seed(p.get("seed")) : ThreadLocalRandom.current().nextLong(Sampling.MAX_SEED + 1);
        try {
            Sampling s = Sampling.defaults().withCount(count).withSeed(seed);
            if (p.containsKey("length")) {
                s = s.withLength(whole(p, "length", 1, limits.maxLength()));
            }
            if (p.containsKey("temperature")) {
                s = s.withTemperature(number(p, "temperature"));
            }
            if (p.containsKey("top_k")) {
                s = s.withTopK(whole(p, "top_k", 0, Integer.MAX_VALUE));
            }
            if (p.containsKey("prefix")) {
                String prefix = p.get("prefix");
                if (prefix.codePointCount(0, prefix.length()) >= limits.maxLength()) {
                    throw new BadRequest("prefix must be shorter than the longest sample, " + limits.maxLength() + " characters");
                }
                s = s.withPrefix(prefix);
            }
            return s;
        } catch (DinoException e) {
            throw new BadRequest(message(e));
        }
    }

    /** An API error with the query's parameter names. */
    static String message(DinoException e) {
        return e.message(name -> NAMES.getOrDefault(name, name));
    }

    /** The decoded parameters; unknown, repeated or empty ones refused. */
    private static Map<String, String> parameters(String rawQuery, List<String> allowed) {
        Map<String, String> p = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return p;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!allowed.contains(name)) {
                throw new BadRequest("unknown parameter '" + printable(name) + "': the parameters are " + String.join(", ", allowed));
            }
            if (p.containsKey(name)) {
                throw new BadRequest("parameter '" + name + "' is given twice");
            }
            if (value.isEmpty() && !name.equals("prefix")) {
                throw new BadRequest("parameter '" + name + "' needs a value (" + name + "=...)");
            }
            p.put(name, value);
        }
        return p;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query is not URL-encoded correctly (" + e.getMessage() + ")");
        }
    }

    private static int whole(Map<String, String> p, String name, int min, int max) {
        String v = p.get(name);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number, got '" + printable(v) + "'");
        }
        if (n < min && max == Integer.MAX_VALUE) {
            throw new BadRequest(name + " must be " + min + " or more, got " + n);
        }
        if (n < min || n > max) {
            throw new BadRequest(name + " must be between " + min + " and " + max + " on this server, got " + n);
        }
        return (int) n;
    }

    private static double number(Map<String, String> p, String name) {
        String v = p.get(name);
        try {
            double x = Double.parseDouble(v);
            if (!v.matches("[-+0-9.eE]+")) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a number, got '" + printable(v) + "'");
        }
    }

    private static long seed(String v) {
        try {
            long s = Long.parseLong(v);
            if (s >= 0 && s <= Sampling.MAX_SEED) {
                return s;
            }
        } catch (NumberFormatException e) {
            // the message below says what a seed is
        }
        throw new BadRequest("seed must be a whole number between 0 and " + Sampling.MAX_SEED + ", got '" + printable(v) + "'");
    }

    /** A client's text in an error message: at most 40 characters, control characters escaped. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return s.codePointCount(0, s.length()) > 40 ? b + "..." : b.toString();
    }
}
