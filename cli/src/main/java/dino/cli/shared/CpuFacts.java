// What `dino info` says about the CPU: /proc/cpuinfo read for the architecture the JVM runs on, and the vector
// settings HotSpot chose. Under qemu-user, /proc/cpuinfo is the host's: then the JVM's own settings are what is known.
package dino.cli.shared;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The CPU's model and vector features as {@code dino info} prints them; {@link #of} is pure, so tests feed it any cpuinfo. */
public final class CpuFacts {
    /** x86 flags that matter to the vector kernels, as /proc/cpuinfo's {@code flags} spells them. */
    static final String[] X86_FEATURES = {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512vl"};
    /** AArch64 {@code Features} that matter, and the names printed: Advanced SIMD is NEON. */
    static final String[][] ARM_FEATURES = {{"asimd", "neon"}, {"sve", "sve"}, {"sve2", "sve2"}};

    public final String model;
    public final String features;

    private CpuFacts(String model, String features) {
        this.model = model;
        this.features = features;
    }

    public static boolean x86(String arch) {
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /**
     * @param arch    the JVM's {@code os.arch}
     * @param cpuinfo the lines of /proc/cpuinfo, or null when there is none
     */
    public static CpuFacts of(String arch, List<String> cpuinfo) {
        if (cpuinfo == null) {
            return new CpuFacts(arch, "unknown (no /proc/cpuinfo)");
        }
        String modelName = null;
        String implementer = null;
        String part = null;
        List<String> flags = null;
        List<String> armFeatures = null;
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && modelName == null) {
                modelName = value;
            } else if (key.equals("flags") && flags == null) {
                flags = List.of(value.split("\\s+"));
            } else if (key.equals("Features") && armFeatures == null) {
                armFeatures = List.of(value.split("\\s+"));
            } else if (key.equals("CPU implementer") && implementer == null) {
                implementer = value;
            } else if (key.equals("CPU part") && part == null) {
                part = value;
            }
        }
        if (arch.equals("aarch64")) {
            if (armFeatures == null) {
                // qemu-user passes the host's /proc/cpuinfo through: its flags are another machine's.
                return new CpuFacts(arch + (modelName != null ? " (emulated? /proc/cpuinfo describes another CPU: " + modelName + ")" : ""),
                        "unknown: /proc/cpuinfo has no AArch64 Features line (under qemu-user it is the host's); "
                                + "the JVM's own choice is under jvm vectors");
            }
            String model = implementer == null ? arch
                    : String.format(Locale.ROOT, "%s, CPU implementer %s, part %s", arch, implementer, part == null ? "?" : part);
            List<String> present = new ArrayList<>();
            for (String[] f : ARM_FEATURES) {
                if (armFeatures.contains(f[0])) {
                    present.add(f[1]);
                }
            }
            return new CpuFacts(model, present.isEmpty() ? "none of neon, sve, sve2" : String.join(" ", present));
        }
        if (x86(arch)) {
            if (flags == null) {
                return new CpuFacts(arch, "unknown: /proc/cpuinfo has no x86 flags line");
            }
            List<String> present = new ArrayList<>();
            for (String f : X86_FEATURES) {
                if (flags.contains(f)) {
                    present.add(f);
                }
            }
            return new CpuFacts(modelName != null ? modelName : arch,
                    present.isEmpty() ? "none of " + String.join(", ", X86_FEATURES) : String.join(" ", present));
        }
        return new CpuFacts(modelName != null ? modelName : arch, "not known for " + arch);
    }

    /**
     * The vector settings HotSpot chose for this CPU: MaxVectorSize (the widest vector C2 uses, which the Vector API's
     * preferred species follows) and, per architecture, UseSVE (0 NEON only, 1 SVE, 2 SVE2) or UseAVX (0 SSE, 2 AVX2,
     * 3 AVX-512). Null on a JVM without those options.
     */
    public static String jvmVectors(String arch) {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            int bytes = Integer.parseInt(hotspot.getVMOption("MaxVectorSize").getValue());
            String isa = "";
            if (arch.equals("aarch64")) {
                int sve = Integer.parseInt(hotspot.getVMOption("UseSVE").getValue());
                isa = "UseSVE " + sve + (sve == 0 ? " (NEON)" : sve == 1 ? " (SVE)" : " (SVE2)") + ", ";
            } else if (x86(arch)) {
                int avx = Integer.parseInt(hotspot.getVMOption("UseAVX").getValue());
                isa = "UseAVX " + avx + ", ";
            }
            return String.format(Locale.ROOT, "%sMaxVectorSize %d bytes (%d-bit vectors)", isa, bytes, 8 * bytes);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** This machine's facts: /proc/cpuinfo (Linux) read for this JVM's architecture; unknown elsewhere. */
    public static CpuFacts ofThisMachine() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            lines = null;
        }
        return of(System.getProperty("os.arch"), lines);
    }
}
