// dino's command line: parses options, calls the engine, prints. Entry point of dino.jar.
package dino.cli;

import dino.api.DinoException;
import dino.cli.bench.BenchCommand;
import dino.cli.serve.ServeCommand;
import dino.cli.shared.Exit;
import dino.cli.shared.Flags;
import dino.cli.sweep.SweepCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code dino} command and its subcommands. Product output on stdout, diagnostics on stderr. */
@Command(name = "dino",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Trains and samples character-level RNN language models on the CPU.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:internal error (a bug: please report it with the stack trace)",
            "2:bad option, bad input file or damaged model file", "3:training diverged (NaN or infinite loss)", "4:bench found a regression (--baseline, bench compare)",
            "130/143:interrupted by Ctrl-C / SIGTERM (train --save saves first)"},
        footer = {"", "Examples:",
            "  java --add-modules jdk.incubator.vector -jar dino.jar train --save dinos.npz",
            "  java --add-modules jdk.incubator.vector -jar dino.jar sample \\",
            "      --model dinos.npz --count 20",
            "  java --add-modules jdk.incubator.vector -jar dino.jar train --help"})
public final class Main {
    /** Exit code for bad input or options. */
    public static final int EXIT_USAGE = Exit.USAGE;
    /** Exit code when training diverged (NaN or infinite loss). */
    static final int EXIT_DIVERGED = Exit.DIVERGED;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Interrupts.install();
        int code = run(args, new PrintWriter(System.out, false), new PrintWriter(System.err, true));
        Interrupts.release();
        if (!Interrupts.requested()) {
            System.exit(code);
        }
        // A signal is shutting the JVM down; it exits with the signal's status once this thread ends.
    }

    /** Runs the command line with the given streams and returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        addSubcommands(cli, args.length > 0 ? args[0] : "");
        keepExamplesWhole(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Main::badOption);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DinoException) {
                DinoException problem = (DinoException) e;
                commandLine.getErr().println("dino: " + Flags.message(problem));
                return problem.diverged() ? EXIT_DIVERGED : EXIT_USAGE;
            }
            throw e;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("dino: out of memory: use a smaller --hidden or give java more memory (e.g. java -Xmx8g ...)");
            return EXIT_USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Prints the footer (the examples) line by line as written: picocli would wrap a long command line at
     * the usage width, mid-word ({@code dinos.} / {@code npz}), and break copying it. Footers are written
     * to fit in 80 columns, with shell continuations.
     */
    private static void keepExamplesWhole(CommandLine command) {
        command.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            StringBuilder footer = new StringBuilder();
            for (String line : help.commandSpec().usageMessage().footer()) {
                footer.append(line).append(System.lineSeparator());
            }
            return footer.toString();
        });
        for (CommandLine sub : command.getSubcommands().values()) {
            keepExamplesWhole(sub);
        }
    }

    /**
     * A bad option or option value: its one-line message and where to read more, not the whole usage
     * (which would scroll the message away), exit 2, as git, cargo and clap do.
     */
    private static int badOption(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        if (e instanceof UnmatchedArgumentException) {
            List<String> suggestions = ((UnmatchedArgumentException) e).getSuggestions();
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?)";
            }
        }
        PrintWriter err = command.getErr();
        err.println("dino: " + message);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
        return EXIT_USAGE;
    }

    /** The whole command tree, every subcommand added (tests read its help sections). */
    static CommandLine tree() {
        CommandLine cli = new CommandLine(new Main());
        addSubcommands(cli, "");
        keepExamplesWhole(cli);
        return cli;
    }

    /**
     * Adds the subcommands. picocli reads every subcommand's annotations when it is added (about 40 ms for all
     * five on two cores), so a command line that starts with a subcommand's name gets only that one; anything
     * else (no subcommand, {@code --help}, {@code help}, a typo) gets them all, for the usage and the suggestions.
     */
    private static void addSubcommands(CommandLine cli, String first) {
        Object[] all = {new TrainCommand(), new SampleCommand(), new EvalCommand(), new InfoCommand(), new BenchCommand(),
            new ServeCommand(), new SweepCommand(), new CommandLine.HelpCommand()};
        String[] names = {"train", "sample", "eval", "info", "bench", "serve", "sweep", "help"};
        for (int i = 0; i < all.length; i++) {
            if (first.equals(names[i]) && !first.equals("help")) {
                cli.addSubcommand(names[i], all[i]);
                return;
            }
        }
        for (int i = 0; i < all.length; i++) {
            cli.addSubcommand(names[i], all[i]);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dino " + (v == null ? "(development build)" : v),
                    "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")};
        }
    }
}
