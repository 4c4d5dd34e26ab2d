// How the recurrence is split over threads: by rows when each thread has 8 of them, or as -Ddino.recurrence says.
package dino.engine.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import org.junit.jupiter.api.Test;

class RecurrencePropertyTest {
    @Test
    void byRowsWithEightRowsAThreadOrAsThePropertySays() {
        assertTrue(Recurrence.byRows(null, 32, 2));
        assertTrue(Recurrence.byRows("", 16, 2));
        assertFalse(Recurrence.byRows(null, 15, 2), "7.5 rows a thread");
        assertFalse(Recurrence.byRows(null, 32, 1), "one thread");
        assertTrue(Recurrence.byRows("rows", 1, 2));
        assertFalse(Recurrence.byRows(" steps ", 32, 2));
        DinoException bad = assertThrows(DinoException.class, () -> Recurrence.byRows("columns", 32, 2));
        assertTrue(bad.getMessage().contains("dino.recurrence") && bad.getMessage().contains("rows or steps"), bad.getMessage());
    }
}
