// dino's exit codes, one table for Main and the commands that run dino in child JVMs.
package dino.cli.shared;

/** What a dino process's exit status means (docs/cli.md lists them). */
public final class Exit {
    /** Bad input: an option, a file, a setting; one line on stderr says which. */
    public static final int USAGE = 2;
    /** Training stopped because its loss or weights were no longer finite. */
    public static final int DIVERGED = 3;
    /** The command line's entry point, for a child JVM run on dino's class path. */
    public static final String MAIN_CLASS = "dino.cli.Main";

    private Exit() {
    }
}
