// dino's command line: parses options, calls the engine, prints. Entry point of dino.jar.
package dino.cli;

import dino.engine.DinoException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dino} command and its subcommands. Product output on stdout, diagnostics on stderr. */
@Command(name = "dino",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Trains and samples character-level RNN language models on the CPU.",
        subcommands = {TrainCommand.class, SampleCommand.class, EvalCommand.class, InfoCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  java --add-modules jdk.incubator.vector -jar dino.jar train --save dinos.npz",
            "  java --add-modules jdk.incubator.vector -jar dino.jar sample --model dinos.npz --count 20",
            "  java --add-modules jdk.incubator.vector -jar dino.jar train --help"})
public final class Main {
    /** Exit code for bad input or options. */
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, false), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DinoException) {
                commandLine.getErr().println("dino: " + e.getMessage());
                return EXIT_USAGE;
            }
            throw e;
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
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
