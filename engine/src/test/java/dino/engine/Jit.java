// Waits for HotSpot's C2: runs a workload until the methods under test have C2-compiled code, with a cap.
package dino.engine;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * Runs {@code batch} until C2 has compiled the product routine of these vector kernels (which is compiled
     * on its own: the kernels' small public methods are inlined into their callers and never show as
     * compiled themselves) and the JIT has settled: the number of C2-compiled methods in use did not change
     * over three batches in a row.
     */
    public static int runUntilTrainingCompiled(Class<?> vectorKernels, Runnable batch) {
        return runUntilC2Compiled(vectorKernels, Set.of("product"), batch, 120);
    }

    /**
     * Runs {@code batch} until every method of {@code owner} named in {@code methods} has C2-compiled code in
     * use and the count of C2-compiled methods in use has not changed over three batches in a row (so the
     * code around them is compiled too, whatever C2 chose to inline); returns how many batches that took.
     * Fails, naming what is still not compiled, after {@code capSeconds} (generous: compiling takes well
     * under a second on a quiet machine).
     */
    public static int runUntilC2Compiled(Class<?> owner, Set<String> methods, Runnable batch, long capSeconds) {
        long end = System.nanoTime() + capSeconds * 1_000_000_000L;
        int batches = 0;
        int stable = 0;
        long lastCount = -1;
        while (true) {
            batch.run();
            batches++;
            String list = codelist();
            long count = list.lines().filter(Jit::isC2InUse).count();
            stable = count == lastCount ? stable + 1 : 0;
            lastCount = count;
            Set<String> missing = notYetC2(list, owner, methods);
            if (missing.isEmpty() && stable >= 3) {
                return batches;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("after " + batches + " batches in " + capSeconds + " s, C2 has not compiled "
                        + owner.getSimpleName() + "." + missing + (missing.isEmpty() ? " (still compiling)" : ""));
            }
        }
    }

    private static boolean isC2InUse(String line) {
        String[] f = line.trim().split("\\s+");
        return f.length >= 4 && f[1].equals("4") && f[2].equals("0");
    }

    private static Set<String> notYetC2(String list, Class<?> owner, Set<String> methods) {
        Set<String> missing = new TreeSet<>(methods);
        for (String line : list.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (isC2InUse(line) && f[3].startsWith(owner.getName() + ".")) {
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
