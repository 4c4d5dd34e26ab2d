// The one error type the engine throws for a user's mistake: its message is one line that says what to do.
package dino.engine;

/** A problem with the user's input or settings; the message is a single line fit to print as is. */
public class DinoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DinoException(String message) {
        super(message);
    }

    public DinoException(String message, Throwable cause) {
        super(message, cause);
    }
}
