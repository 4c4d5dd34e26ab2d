// Writes the f64 and f32 kernel classes from one template per kernel set (engine/src/main/templates), as the JDK's Spp does.
package dino.engine.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generator of the kernel sets. A template is Java text with two additions:
 * <ul>
 * <li>{@code $key$} is replaced by the precision's value of the key ({@link Variant#keys}): {@code $type$} is
 *     {@code double} or {@code float}, {@code $Type$} {@code Double} or {@code Float}, {@code 1.0$f$} a literal
 *     of the precision, {@code $cast$x} a cast of x to float (nothing in f64), {@code $Scalar$} and
 *     {@code $Vector$} the names of that precision's classes, …;</li>
 * <li>a line {@code #if[double]} (or {@code #if[float]}) keeps the lines up to its {@code #else[double]} or
 *     {@code #end[double]} only in that precision, and the lines of the else branch only in the other.
 *     Directives stand alone on their line (leading spaces allowed) and may nest.</li>
 * </ul>
 * Each generated file starts with a line naming its template; the files are committed, and
 * {@code GeneratedKernelsTest} fails when one differs from what its template gives. After editing a
 * template, run from the repository's root:
 * <pre>java engine/src/test/java/dino/engine/kernels/KernelTemplates.java</pre>
 * (a single-file program: no build needed), then commit the template and the classes together.
 */
public final class KernelTemplates {
    /** Where the templates live, relative to the engine module. */
    static final String TEMPLATES = "src/main/templates/dino/engine/kernels";
    /** Where the generated classes go, relative to the engine module. */
    static final String SOURCES = "src/main/java/dino/engine/kernels";

    /** One precision: the values of the template keys, and the flag that {@code #if[...]} tests. */
    record Variant(String flag, Map<String, String> keys) {
    }

    static final Variant F64 = new Variant("double", keys(
            "type", "double", "Type", "Double", "bits", "long", "Bits", "Long", "f", "", "cast", "", "epsilon", "2⁻⁵²",
            "Precision", "F64", "label", "f64", "Base", "DoubleKernels",
            "Scalar", "ScalarKernels", "Vector", "VectorKernels", "fused", "false", "Products", "MUL_ADD"));
    static final Variant F32 = new Variant("float", keys(
            "type", "float", "Type", "Float", "bits", "int", "Bits", "Int", "f", "f", "cast", "(float) ", "epsilon", "2⁻²³",
            "Precision", "F32", "label", "f32", "Base", "FloatKernels",
            "Scalar", "ScalarFloatKernels", "Vector", "VectorFloatKernels", "fused", "false", "Products", "MUL_ADD"));
    static final Variant F64_FMA = fused(F64, "ScalarFmaKernels", "VectorFmaKernels");
    static final Variant F32_FMA = fused(F32, "ScalarFloatFmaKernels", "VectorFloatFmaKernels");
    /** Every kernel set: each precision in each form of the products ({@code dino.api.Products}). */
    static final List<Variant> VARIANTS = List.of(F64, F32, F64_FMA, F32_FMA);

    /**
     * A precision's variant with fused products: its own scalar and vector classes, so that the form is a constant of
     * each class that C2 folds, as the precision is (one class for both forms would test a flag in every tile).
     */
    private static Variant fused(Variant plain, String scalar, String vector) {
        Map<String, String> keys = new HashMap<>(plain.keys());
        keys.put("label", plain.keys().get("label") + ", fma");
        keys.put("Scalar", scalar);
        keys.put("Vector", vector);
        keys.put("fused", "true");
        keys.put("Products", "FMA");
        return new Variant(plain.flag(), Map.copyOf(keys));
    }

    private static Map<String, String> keys(String... pairs) {
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(keys);
    }

    /** The templates, each with the key whose value names its generated class. */
    static final Map<String, String> TEMPLATE_CLASS = Map.of(
            "Base-Kernels.java.template", "Base",
            "Scalar-Kernels.java.template", "Scalar",
            "Vector-Kernels.java.template", "Vector");

    private static final Pattern KEY = Pattern.compile("\\$([A-Za-z]+)\\$");
    private static final Pattern DIRECTIVE = Pattern.compile("\\s*#(if|else|end)\\[(\\w+)]\\s*");

    private KernelTemplates() {
    }

    /** The variants a template is generated in: the base classes hold no product, so one per precision. */
    static List<Variant> variants(String template) {
        return template.startsWith("Base-") ? List.of(F64, F32) : VARIANTS;
    }

    /** The generated class name of {@code template} in {@code variant}. */
    static String className(String template, Variant variant) {
        return variant.keys().get(TEMPLATE_CLASS.get(template));
    }

    /** The text of the class that {@code text}, the template named {@code template}, gives in {@code variant}. */
    static String generate(String template, String text, Variant variant) {
        StringBuilder out = new StringBuilder();
        out.append("// GENERATED from engine/").append(TEMPLATES).append('/').append(template).append(" (")
                .append(variant.keys().get("label")).append("): edit the template, not this file (see KernelTemplates).\n");
        Deque<boolean[]> open = new ArrayDeque<>(); // per open #if: {keeps its branch, the branch now running}
        Deque<String> flags = new ArrayDeque<>();
        boolean emitting = true;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher d = DIRECTIVE.matcher(line);
            if (d.matches()) {
                String kind = d.group(1);
                String flag = d.group(2);
                if (!flag.equals(F64.flag()) && !flag.equals(F32.flag())) {
                    throw new IllegalArgumentException(template + ":" + (i + 1) + ": unknown flag '" + flag + "'");
                }
                if (kind.equals("if")) {
                    open.push(new boolean[] {emitting, flag.equals(variant.flag())});
                    flags.push(flag);
                } else if (open.isEmpty() || !flags.peek().equals(flag)) {
                    throw new IllegalArgumentException(template + ":" + (i + 1) + ": #" + kind + "[" + flag
                            + "] does not close the innermost #if" + (flags.isEmpty() ? "" : "[" + flags.peek() + "]"));
                } else if (kind.equals("else")) {
                    open.peek()[1] = !open.peek()[1];
                } else {
                    emitting = open.pop()[0];
                    flags.pop();
                    continue;
                }
                emitting = open.peek()[0] && open.peek()[1];
                continue;
            }
            if (!emitting) {
                continue;
            }
            Matcher key = KEY.matcher(line);
            StringBuilder replaced = new StringBuilder();
            while (key.find()) {
                String value = variant.keys().get(key.group(1));
                if (value == null) {
                    throw new IllegalArgumentException(template + ":" + (i + 1) + ": unknown key $" + key.group(1) + "$");
                }
                key.appendReplacement(replaced, Matcher.quoteReplacement(value));
            }
            key.appendTail(replaced);
            out.append(replaced);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(template + ": #if[" + flags.peek() + "] is never closed");
        }
        return out.toString();
    }

    /** Writes every generated class under {@code engine}, the engine module's folder. */
    static void writeAll(Path engine) throws IOException {
        for (String template : TEMPLATE_CLASS.keySet()) {
            String text = Files.readString(engine.resolve(TEMPLATES).resolve(template), StandardCharsets.UTF_8);
            for (Variant variant : variants(template)) {
                Path target = engine.resolve(SOURCES).resolve(className(template, variant) + ".java");
                Files.writeString(target, generate(template, text, variant), StandardCharsets.UTF_8);
                System.out.println("wrote " + target);
            }
        }
    }

    /** Regenerates the kernel classes; run from the repository's root (or give the engine folder). */
    public static void main(String[] args) {
        Path engine = Path.of(args.length > 0 ? args[0] : "engine");
        if (!Files.isDirectory(engine.resolve(TEMPLATES))) {
            System.err.println("no " + TEMPLATES + " under " + engine.toAbsolutePath()
                    + ": run from the repository's root, or give the engine folder as the argument");
            System.exit(2);
        }
        try {
            writeAll(engine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
