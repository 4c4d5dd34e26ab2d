// `dino info`'s CPU lines per architecture, from /proc/cpuinfo texts of each kind (an x86 host's under an emulated AArch64).
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.cli.shared.CpuFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuFactsTest {
    /** The first processor of an x86 host's /proc/cpuinfo, shortened (flags kept in their order). */
    static final List<String> X86 = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC 9R45",
            "flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512cd avx512bw avx512vl", "");
    /** A Neoverse V1's (AWS Graviton3), shortened: svei8mm and svebf16 must not read as sve2. */
    static final List<String> NEOVERSE_V1 = List.of("processor\t: 0", "BogoMIPS\t: 2100.00",
            "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm sve asimdfhm svei8mm svebf16",
            "CPU implementer\t: 0x41", "CPU architecture: 8", "CPU variant\t: 0x1", "CPU part\t: 0xd40", "");
    /** A Neoverse N2's (SVE2) and a Cortex-A72's (NEON only). */
    static final List<String> NEOVERSE_N2 = List.of("Features\t: fp asimd sve sve2 svebf16", "CPU implementer\t: 0x41",
            "CPU part\t: 0xd49");
    static final List<String> A72 = List.of("Features\t: fp asimd evtstrm crc32 cpuid", "CPU implementer\t: 0x41", "CPU part\t: 0xd08");

    @Test
    void x86AsBefore() {
        CpuFacts f = CpuFacts.of("amd64", X86);
        assertEquals("AMD EPYC 9R45", f.model);
        assertEquals("sse4_2 avx avx2 fma avx512f avx512dq avx512vl", f.features);
    }

    @Test
    void aarch64ReadsFeaturesAsNeonSveSve2() {
        assertEquals("neon sve", CpuFacts.of("aarch64", NEOVERSE_V1).features);
        assertEquals("aarch64, CPU implementer 0x41, part 0xd40", CpuFacts.of("aarch64", NEOVERSE_V1).model);
        assertEquals("neon sve sve2", CpuFacts.of("aarch64", NEOVERSE_N2).features);
        assertEquals("neon", CpuFacts.of("aarch64", A72).features);
    }

    @Test
    void anEmulatedAarch64NeverPrintsTheHostsX86Flags() {
        // qemu-user: os.arch is aarch64, /proc/cpuinfo is the x86 host's.
        CpuFacts f = CpuFacts.of("aarch64", X86);
        assertTrue(f.features.startsWith("unknown: /proc/cpuinfo has no AArch64 Features line"), f.features);
        assertTrue(!f.features.contains("avx"), f.features);
        assertTrue(f.model.startsWith("aarch64 (emulated? /proc/cpuinfo describes another CPU: AMD EPYC 9R45)"), f.model);
        // And the other way round, and without a /proc/cpuinfo.
        assertEquals("unknown: /proc/cpuinfo has no x86 flags line", CpuFacts.of("amd64", A72).features);
        assertEquals("unknown (no /proc/cpuinfo)", CpuFacts.of("aarch64", null).features);
    }

    @Test
    void theJvmsVectorWidthIsItsOwn() {
        // This JVM is x86 in CI; the line names UseAVX and the width C2 uses, which the vector kernels report too.
        String arch = System.getProperty("os.arch");
        String line = CpuFacts.jvmVectors(arch);
        assertTrue(line != null && line.matches("(UseAVX \\d|UseSVE \\d \\((NEON|SVE|SVE2)\\)), MaxVectorSize \\d+ bytes \\(\\d+-bit vectors\\)"),
                line);
        Cli info = Cli.run("info");
        assertTrue(info.out.contains("\nos arch: " + arch + "\n") && info.out.contains("\njvm vectors: " + line + "\n"), info.out);
    }
}
