// The header's vocabulary as the reference prints it: Python's repr of {index: character}.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrainOutputTest {
    @Test
    void vocabularyIsPythonsDict() {
        // Python 3: print({0: '\n', 1: "'", 2: '\\', 3: 'a', 4: 'b'})
        assertEquals("{0: '\\n', 1: \"'\", 2: '\\\\', 3: 'a', 4: 'b'}", TrainOutput.pythonDict("\n'\\ab"));
        assertEquals("{0: '\\n', 1: 'é', 2: '\\u200b'}", TrainOutput.pythonDict("\né\u200b"));
    }
}
