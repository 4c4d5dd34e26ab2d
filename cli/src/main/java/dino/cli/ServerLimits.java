// What `dino serve` allows each client and how it answers: one value, built once from the options, defaults here.
package dino.cli;

/**
 * The server's settings that are not about sampling: {@code threads} answering requests. The defaults live here and
 * nowhere else; the compact constructor checks each setting and names its option when it is out of range.
 */
record ServerLimits(int threads) {
    ServerLimits {
        check("--threads", threads, 1, 1024);
    }

    /** Every default: 4 threads per processor. */
    static ServerLimits defaults() {
        return new ServerLimits(4 * Runtime.getRuntime().availableProcessors());
    }

    ServerLimits withThreads(int n) {
        return new ServerLimits(n);
    }

    private static void check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
