// A one-line progress bar on stderr for long runs (training, reading a large corpus, eval) when stderr is a terminal.
package dino.cli.shared;

import dino.api.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws {@code [#####.....] iteration/total  it/s  loss  ETA} on stderr, redrawn at most 5 times a
 * second and only after the run has lasted 2 s, so short runs and pipes stay clean. Product output
 * on stdout calls {@link #clear()} first so the two never share a line. A preparation step draws the
 * same bar through {@link #task}: {@code reading big.txt [#####.....] 52/100 MB  180 MB/s  ETA 0:01}.
 */
public final class Progress {
    private static final long START_AFTER_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final long total;
    private final long first;
    private final long startNanos;
    private long lastDraw;
    private boolean drawn;
    private long calls;

    public Progress(PrintWriter err, boolean enabled, long first, long total) {
        this.err = err;
        this.enabled = enabled;
        this.first = first;
        this.total = total;
        this.startNanos = System.nanoTime();
    }

    /** Whether stderr is an interactive terminal (Linux: fd 2 is a tty device; elsewhere: a console exists). */
    public static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    /** Called before every step; cheap unless a redraw is due. */
    public void tick(long iteration, double smoothLoss) {
        if (!enabled || (iteration & 63) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - startNanos < START_AFTER_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = (now - startNanos) / 1e9;
        double rate = (iteration - first) / seconds;
        long eta = rate > 0 ? Math.round((total - iteration) / rate) : 0;
        err.printf(Locale.ROOT, "\r%s %d/%d  %.0f it/s  loss %.4f  ETA %d:%02d\u001b[K",
                bar(iteration, total), iteration, total, rate, smoothLoss, eta / 60, eta % 60);
        err.flush();
        drawn = true;
    }

    /**
     * A listener that draws {@code label [###...] done/total unit  rate unit/s  ETA} for a step before
     * training (the counts divided by {@code unitSize}: 1e6 for MB), with the same 2 s delay; call
     * {@link #clear()} when the step ends.
     */
    public ProgressListener task(String label, String unit, double unitSize) {
        return (done, total) -> {
            if (!enabled || (calls++ & 15) != 0) {
                return;
            }
            long now = System.nanoTime();
            if (now - startNanos < START_AFTER_NANOS || now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            double rate = done / ((now - startNanos) / 1e9);
            long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
            String count = unitSize > 1 ? "%.1f" : "%.0f";
            err.printf(Locale.ROOT, "\r%s %s " + count + "/" + count + " %s  " + count + " %s/s  ETA %d:%02d\u001b[K", label,
                    bar(done, total), done / unitSize, total / unitSize, unit, rate / unitSize, unit, eta / 60, eta % 60);
            err.flush();
            drawn = true;
        };
    }

    private static String bar(long done, long total) {
        int filled = (int) Math.round((total == 0 ? 1 : (double) done / total) * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    /** Erases the bar (before stdout output and at the end). */
    public void clear() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }
}
