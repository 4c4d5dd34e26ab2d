// The generated kernel classes are exactly what their templates give: none ships stale or edited by hand.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GeneratedKernelsTest {

    @Test
    void everyGeneratedClassMatchesItsTemplate() throws IOException {
        Path engine = Path.of("").toAbsolutePath(); // Surefire runs in the module's folder
        for (String template : KernelTemplates.TEMPLATE_CLASS.keySet()) {
            String text = Files.readString(engine.resolve(KernelTemplates.TEMPLATES).resolve(template), StandardCharsets.UTF_8);
            for (KernelTemplates.Variant variant : KernelTemplates.variants(template)) {
                String name = KernelTemplates.className(template, variant) + ".java";
                String committed = Files.readString(engine.resolve(KernelTemplates.SOURCES).resolve(name), StandardCharsets.UTF_8);
                assertEquals(KernelTemplates.generate(template, text, variant), committed, name
                        + " is not what " + template + " gives: edit the template, not the class, then run "
                        + "`java engine/src/test/java/dino/engine/kernels/KernelTemplates.java` from the repository's root");
            }
        }
    }

    @Test
    void keysAndBranchesFollowThePrecision() {
        String text = "a $type$ b\n#if[double]\nd $Type$\n#else[double]\nf 1.0$f$\n#end[double]\n  #if[float]\nonly float\n  #end[float]\nend";
        assertEquals(header("f64") + "a double b\nd Double\nend", KernelTemplates.generate("T", text, KernelTemplates.F64));
        assertEquals(header("f32") + "a float b\nf 1.0f\nonly float\nend", KernelTemplates.generate("T", text, KernelTemplates.F32));
    }

    @Test
    void nestedBranchesKeepOnlyWhatBothAllow() {
        String text = "#if[double]\n#if[float]\nnever\n#else[float]\nf64 only\n#end[float]\n#end[double]";
        assertEquals(header("f64") + "f64 only\n", KernelTemplates.generate("T", text, KernelTemplates.F64));
        assertEquals(header("f32"), KernelTemplates.generate("T", text, KernelTemplates.F32));
    }

    @Test
    void mistakesInATemplateAreErrorsWithTheirLine() {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> KernelTemplates.generate("T", "ok\n$typo$", KernelTemplates.F64));
        assertTrue(key.getMessage().contains("T:2") && key.getMessage().contains("$typo$"), key.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelTemplates.generate("T", "#if[double]\nx", KernelTemplates.F64));
        assertThrows(IllegalArgumentException.class, () -> KernelTemplates.generate("T", "#end[double]", KernelTemplates.F64));
        assertThrows(IllegalArgumentException.class,
                () -> KernelTemplates.generate("T", "#if[double]\n#end[float]", KernelTemplates.F64));
        assertThrows(IllegalArgumentException.class, () -> KernelTemplates.generate("T", "#if[int]\n#end[int]", KernelTemplates.F64));
    }

    private static String header(String label) {
        return "// GENERATED from engine/" + KernelTemplates.TEMPLATES + "/T (" + label
                + "): edit the template, not this file (see KernelTemplates).\n";
    }
}
