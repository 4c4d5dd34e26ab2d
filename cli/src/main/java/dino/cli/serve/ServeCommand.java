// `dino serve`: a model's samples over HTTP, with a page to try it, until Ctrl-C or SIGTERM.
package dino.cli.serve;

import dino.api.Mode;
import dino.api.Sampling;
import dino.cli.shared.DataFiles;
import dino.cli.shared.KernelsOption;
import dino.cli.shared.ModeOption;
import dino.lib.Model;
import dino.lib.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Loads a model, serves it with {@link SampleServer}, and stops cleanly when the JVM is asked to exit. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Serves a model over HTTP: a page to try it at /, and an API for programs:",
            "  GET /api/sample   samples as JSON; parameters count, length, temperature,",
            "                    top_k, prefix, seed (as sample's options)",
            "  GET /api/stream   one sample as plain text, sent while it is drawn; the",
            "                    same parameters but count",
            "  GET /api/info     the model, as dino info --model shows it, as JSON",
            "  GET /health       {\"status\":\"ok\"}",
            "Without a seed a request gets a random one, reported in the answer's settings. A bad request gets "
                    + "status 400 and {\"error\": \"...\"}. Prints the address on stdout, one line per request on "
                    + "stderr; Ctrl-C or SIGTERM stops it (requests under way get " + ServerLimits.STOP_SECONDS
                    + " s to finish).",
            "Runs on Jetty, which reads requests without a thread per connection; what a client may hold is bounded "
                    + "by --max-connections, --max-header-bytes, --idle-timeout and --header-timeout."},
        footer = {"", "Examples:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar serve --model dinos.npz",
                "  curl 'http://127.0.0.1:8080/api/sample?count=5&temperature=0.7&prefix=tyr'",
                "  java --add-modules jdk.incubator.vector -jar dino.jar serve \\",
                "      --model shakespeare.npz --host 0.0.0.0 --port 9000"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE.npz", required = true, description = "Model file written by train --save.")
    Path model;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "TCP port; 0 picks a free one (the address printed says which) (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; the default answers this machine only, 0.0.0.0 every network "
                    + "(default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--known", paramLabel = "FILE",
            description = "Names to mark samples 'new' or 'known' against (default: the model's training names, "
                    + "when its file says where they are and they are unchanged).")
    Path known;

    @Option(names = "--max-count", paramLabel = "N", defaultValue = "100",
            description = "Most samples one request may ask for (default: ${DEFAULT-VALUE}).")
    int maxCount;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "5000",
            description = "Longest sample one request may ask for, in characters (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--threads", paramLabel = "N",
            description = "Platform threads of the server; without virtual threads each request is answered on one "
                    + "(default: 4 per processor).")
    Integer threads;

    @Option(names = "--virtual-threads", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "On JDK 21 and later, answer each request on its own virtual thread (default: on; "
                    + "--no-virtual-threads answers on the --threads pool).")
    boolean virtualThreads;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + ServerLimits.MAX_CONNECTIONS,
            description = "Open connections at most; more wait to be accepted until one closes (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-header-bytes", paramLabel = "N", defaultValue = "" + ServerLimits.MAX_HEADER_BYTES,
            description = "Request line and headers together at most; a longer request line is answered 414, "
                    + "longer headers 431 (default: ${DEFAULT-VALUE}).")
    int maxHeaderBytes;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "" + ServerLimits.IDLE_TIMEOUT_SECONDS,
            description = "Close a connection on which nothing arrives or leaves for this long (default: ${DEFAULT-VALUE}).")
    int idleTimeout;

    @Option(names = "--header-timeout", paramLabel = "SECONDS", defaultValue = "" + ServerLimits.HEADER_TIMEOUT_SECONDS,
            description = "Close a connection whose request headers have not all arrived this long after the "
                    + "request's first byte (default: ${DEFAULT-VALUE}).")
    int headerTimeout;

    @Mixin
    KernelsOption kernels;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "lines or text: how to read a model file that does not say (a PyTorch state dict); "
                    + "without it, text when its vocabulary has upper-case letters, else lines.")
    String mode;

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        ServerLimits serverLimits;
        try {
            ServerLimits defaults = ServerLimits.defaults();
            serverLimits = defaults.withThreads(threads != null ? threads : defaults.threads())
                    .withVirtualThreads(virtualThreads).withMaxConnections(maxConnections).withMaxHeaderBytes(maxHeaderBytes)
                    .withIdleTimeout(idleTimeout).withHeaderTimeout(headerTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        Model loaded = Model.load(model, ModeOption.parse(mode, spec)).withOptions(kernels.options(RunOptions.defaults(), err));
        Set<String> names = known != null ? new HashSet<>(DataFiles.of(known).names())
                : loaded.trainingNames().map(HashSet::new).orElse(null);
        // The first draws run interpreted until the JIT has compiled the kernels: done here, not to the first client.
        loaded.sample(Sampling.defaults().withCount(8).withLength(loaded.mode() == Mode.TEXT ? 250 : 50));
        SampleServer server = new SampleServer(loaded, model, names, new ServeQuery.Limits(maxCount, maxLength), err);
        InetSocketAddress bound;
        try {
            bound = server.start(host, port, serverLimits);
        } catch (BindException e) {
            throw new ParameterException(spec.commandLine(), "cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): give another --port, or 0 for any free one");
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "cannot listen on " + host + ":" + port + " (" + e
                    + "): give --host an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            err.println("dino serve: stopped");
            err.flush();
            stopped.countDown();
        }, "dino-serve-stop"));
        PrintWriter out = spec.commandLine().getOut();
        String shown = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getHostString();
        out.println("serving http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + bound.getPort() + "/");
        out.flush();
        err.println("dino serve: " + loaded + (names == null ? "" : ", " + names.size() + " known names")
                + "; requests on " + (server.virtualThreads() ? "virtual threads" : serverLimits.threads() + " threads")
                + "; Ctrl-C stops");
        stopped.await();
        return 0;
    }

    private void validate() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        if (maxCount < 1 || maxCount > 100_000) {
            throw new ParameterException(spec.commandLine(), "--max-count must be between 1 and 100000, got " + maxCount);
        }
        if (maxLength < 1 || maxLength > Sampling.MAX_LENGTH) {
            throw new ParameterException(spec.commandLine(), "--max-length must be between 1 and "
                    + Sampling.MAX_LENGTH + ", got " + maxLength);
        }
    }
}
