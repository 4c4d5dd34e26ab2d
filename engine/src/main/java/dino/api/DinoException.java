// The one error type dino throws for a user's mistake: a one-line message that says what to do.
package dino.api;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A problem with the input, a setting or a file; the message is a single line fit to print as is. A
 * message names settings by their API names ({@code hidden}, {@code batchSize}, {@code corpus}, ...: the
 * names of {@link TrainingConfig}'s components and of the methods that take them); a program with names of
 * its own for them (the command line's flags) renders the same message with {@link #message(UnaryOperator)}.
 * {@link #diverged()} tells a training run that produced a NaN or infinite loss from every other problem.
 */
public class DinoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final char LITERAL_BRACE = '\uE000';
    private static final Pattern SETTING = Pattern.compile("\\{([A-Za-z]+)}");
    /** The message with each setting as {@code {name}}; null when the message names none. */
    private final String template;

    public DinoException(String message) {
        super(message);
        this.template = null;
    }

    public DinoException(String message, Throwable cause) {
        super(message, cause);
        this.template = null;
    }

    /** For subclasses: a message whose settings are written {@code {name}}. */
    protected DinoException(String template, boolean named) {
        super(render(template, UnaryOperator.identity()));
        this.template = template;
    }

    /** An error whose message names settings as {@code {name}}, e.g. {@code "{hidden} must be at least 1"}. */
    public static DinoException naming(String template) {
        return new DinoException(template, true);
    }

    /** Text from outside (a path, a line of data) to put in a {@link #naming} message: its braces stay braces. */
    public static String literal(String text) {
        return text.replace('{', LITERAL_BRACE);
    }

    /** The message with each setting named by {@code names} (given the API name, e.g. {@code batchSize}). */
    public String message(UnaryOperator<String> names) {
        return template == null ? getMessage() : render(template, names);
    }

    /** This error with more words after its message; {@code suffix} may name settings as {@code {name}}. */
    public DinoException appended(String suffix) {
        return naming((template != null ? template : literal(getMessage())) + suffix);
    }

    /** True when a training run stopped because its loss or weights were no longer finite. */
    public boolean diverged() {
        return false;
    }

    private static String render(String template, UnaryOperator<String> names) {
        Matcher m = SETTING.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(names.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString().replace(LITERAL_BRACE, '{');
    }
}
