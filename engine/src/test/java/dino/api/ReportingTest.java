// Reporting: the reference's default, and its limits named as the command line maps them (--print-every, --patience).
package dino.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReportingTest {
    @Test
    void defaultsAreTheReferencesAndLimitsNameTheSetting() {
        assertEquals(new Reporting(2000, 0), Reporting.defaults());
        assertEquals(new Reporting(0, 3), Reporting.defaults().withEvery(0).withPatience(3));
        assertEquals("{reportEvery} must be 0 or more, got -1",
                assertThrows(DinoException.class, () -> Reporting.defaults().withEvery(-1)).message(name -> "{" + name + "}"));
        assertEquals("{patience} must be at least 1, got 0",
                assertThrows(DinoException.class, () -> Reporting.defaults().withPatience(0)).message(name -> "{" + name + "}"));
    }
}
