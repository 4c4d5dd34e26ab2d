// Internal: the kernels' spelling of dino.api.DinoException (the one error type users see), kept so that package need not change.
package dino.engine;

/** A {@link dino.api.DinoException}; catch that type, not this one. */
public class DinoException extends dino.api.DinoException {
    private static final long serialVersionUID = 1L;

    public DinoException(String message) {
        super(message);
    }

    public DinoException(String message, Throwable cause) {
        super(message, cause);
    }
}
