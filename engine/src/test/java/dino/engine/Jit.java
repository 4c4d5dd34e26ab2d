// Waits for HotSpot's C2: runs a workload until the methods under test have C2-compiled code, with a cap.
package dino.engine;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Tests of compiled code (vector parity in C2, the same bits in every JIT tier) must know that C2 has
 * compiled the code, not assume that N iterations were enough. This asks the JVM, through the
 * {@code Compiler.codelist} diagnostic command ({@code jcmd PID Compiler.codelist}), whose lines read
 * {@code compile_id level state Class.method(signature) [addresses]}: level 4 is C2, state 0 is in use.
 */
public final class Jit {
    private Jit() {
    }

    /** The names of the methods of an interface that take a {@code double[]}: the kernels of a kernel set. */
    public static Set<String> arrayMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Arrays.asList(m.getParameterTypes()).contains(double[].class))
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Runs {@code batch} until every method of {@code owner} named in {@code methods} has C2-compiled code in
     * use, and returns how many batches that took; fails, naming what is still not compiled, after
     * {@code capSeconds} (generous: compiling takes well under a second on a quiet machine).
     */
    public static int runUntilC2Compiled(Class<?> owner, Set<String> methods, Runnable batch, long capSeconds) {
        long end = System.nanoTime() + capSeconds * 1_000_000_000L;
        int batches = 0;
        while (true) {
            batch.run();
            batches++;
            Set<String> missing = notYetC2(owner, methods);
            if (missing.isEmpty()) {
                return batches;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("after " + batches + " batches in " + capSeconds + " s, C2 has not compiled "
                        + owner.getSimpleName() + "." + missing);
            }
        }
    }

    private static Set<String> notYetC2(Class<?> owner, Set<String> methods) {
        Set<String> missing = new TreeSet<>(methods);
        for (String line : codelist().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[1].equals("4") && f[2].equals("0") && f[3].startsWith(owner.getName() + ".")) {
                String method = f[3].substring(owner.getName().length() + 1);
                missing.remove(method.substring(0, method.indexOf('(')));
            }
        }
        return missing;
    }

    private static String codelist() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerCodelist",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return String.valueOf(text);
        } catch (JMException e) {
            throw new IllegalStateException("this JVM cannot list its compiled methods (Compiler.codelist)", e);
        }
    }
}
