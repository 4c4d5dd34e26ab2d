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
        assertTrue(StackedNetwork.byRows(null, 32, 2));
        assertTrue(StackedNetwork.byRows("", 16, 2));
        assertFalse(StackedNetwork.byRows(null, 15, 2), "7.5 rows a thread");
        assertFalse(StackedNetwork.byRows(null, 32, 1), "one thread");
        assertTrue(StackedNetwork.byRows("rows", 1, 2));
        assertFalse(StackedNetwork.byRows(" steps ", 32, 2));
        DinoException bad = assertThrows(DinoException.class, () -> StackedNetwork.byRows("columns", 32, 2));
        assertTrue(bad.getMessage().contains("dino.recurrence") && bad.getMessage().contains("rows or steps"), bad.getMessage());
    }
}
