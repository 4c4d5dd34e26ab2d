// bench/serve/attack.sh's client: stalled connections against dino serve on this machine while a normal client times its requests.
//
//   java bench/serve/Attack.java PORT [CONNECTIONS] [SECONDS]
//
// Opens CONNECTIONS (1000) connections to 127.0.0.1:PORT, each sending the start of a request (`GET /api/sample
// HTTP/1.1`, a Host header, no blank line) and then nothing; when the server closes one, it records how long the
// connection lived and opens another in its place, so CONNECTIONS stay open for the whole run. Meanwhile a normal
// client sends GET /health and GET /api/sample?count=7 in turn, each on a new connection, 10 ms apart, and times each
// from connect to the last byte (an answer that is not 200, or takes more than 5 s, is an error). After SECONDS
// (30) it closes everything and prints one line per finding. Loopback only, at most 20000 connections and 600 s.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

public final class Attack {
    private static final byte[] PARTIAL = "GET /api/sample HTTP/1.1\r\nHost: attack\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int TIMEOUT_MS = 5000;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java bench/serve/Attack.java PORT [CONNECTIONS] [SECONDS]");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        if (connections < 1 || connections > 20_000 || seconds < 1 || seconds > 600) {
            System.err.println("Attack: CONNECTIONS must be 1..20000 and SECONDS 1..600");
            System.exit(2);
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Stalls stalls = new Stalls(server, connections, end);
        Thread attacker = new Thread(stalls, "stalls");
        attacker.start();
        // The normal client starts once the stalled connections are open (or after 10 s, whichever is first).
        long ready = System.nanoTime() + 10_000_000_000L;
        while (stalls.open() < connections && System.nanoTime() < ready) {
            Thread.sleep(50);
        }
        System.out.printf("stalled connections open when the normal client started: %d of %d%n", stalls.open(), connections);
        Map<String, List<Long>> times = new HashMap<>();
        Map<String, Integer> errors = new HashMap<>();
        String[] targets = {"/health", "/api/sample?count=7"};
        for (int i = 0; System.nanoTime() < end; i++) {
            String target = targets[i % 2];
            long start = System.nanoTime();
            boolean ok = request(server, target);
            long ns = System.nanoTime() - start;
            if (ok) {
                times.computeIfAbsent(target, k -> new ArrayList<>()).add(ns);
            } else {
                errors.merge(target, 1, Integer::sum);
            }
            Thread.sleep(10);
        }
        attacker.join();
        for (String target : targets) {
            List<Long> t = times.getOrDefault(target, new ArrayList<>());
            Collections.sort(t);
            System.out.printf("normal client GET %s: %d answered 200, %d errors; p50 %s ms, p99 %s ms, max %s ms%n", target,
                    t.size(), errors.getOrDefault(target, 0), ms(t, 0.50), ms(t, 0.99), ms(t, 1.0));
        }
        List<Long> lived = stalls.lifetimes;
        Collections.sort(lived);
        System.out.printf("stalled connections opened: %d; closed by the server: %d, after %s / %s / %s s (min / median / max);"
                + " refused or failed to connect: %d; most open at once: %d%n", stalls.opened, lived.size(),
                seconds(lived, 0.0), seconds(lived, 0.5), seconds(lived, 1.0), stalls.failed, stalls.mostOpen);
    }

    /** One request on a new connection; true when it is answered 200 in time. */
    private static boolean request(InetSocketAddress server, String target) {
        try (Socket s = new Socket()) {
            s.connect(server, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.setTcpNoDelay(true);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: client\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    private static String ms(List<Long> sorted, double q) {
        return sorted.isEmpty() ? "-" : String.format("%.2f", at(sorted, q) / 1e6);
    }

    private static String seconds(List<Long> sorted, double q) {
        return sorted.isEmpty() ? "-" : String.format("%.1f", at(sorted, q) / 1e9);
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - (q > 0 ? 1 : 0)));
    }

    /** The stalled connections, all on one thread and one selector. */
    private static final class Stalls implements Runnable {
        private final InetSocketAddress server;
        private final int target;
        private final long end;
        private final Map<SocketChannel, Long> openedAt = new HashMap<>();
        final List<Long> lifetimes = new ArrayList<>();
        volatile int connected;
        int opened;
        int failed;
        int mostOpen;

        Stalls(InetSocketAddress server, int target, long end) {
            this.server = server;
            this.target = target;
            this.end = end;
        }

        int open() {
            return connected;
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                ByteBuffer sink = ByteBuffer.allocate(4096);
                while (System.nanoTime() < end) {
                    // Top up to the target, a few hundred at a time so the server's listen queue is not flooded.
                    for (int k = 0; openedAt.size() < target && k < 200; k++) {
                        SocketChannel c = SocketChannel.open();
                        c.configureBlocking(false);
                        c.connect(server);
                        c.register(selector, SelectionKey.OP_CONNECT);
                        openedAt.put(c, System.nanoTime());
                        opened++;
                    }
                    selector.select(20);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        SocketChannel c = (SocketChannel) key.channel();
                        try {
                            if (key.isConnectable()) {
                                c.finishConnect();
                                c.write(ByteBuffer.wrap(PARTIAL));
                                key.interestOps(SelectionKey.OP_READ);
                                connected++;
                            } else if (key.isReadable()) {
                                sink.clear();
                                if (c.read(sink) < 0) {
                                    closed(c, true);
                                }
                            }
                        } catch (IOException e) {
                            closed(c, key.interestOps() == SelectionKey.OP_READ);
                        }
                    }
                    mostOpen = Math.max(mostOpen, connected);
                }
                for (SocketChannel c : openedAt.keySet()) {
                    c.close();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        private void closed(SocketChannel c, boolean byServer) throws IOException {
            long lived = System.nanoTime() - openedAt.remove(c);
            c.close();
            if (byServer) {
                lifetimes.add(lived);
                connected--;
            } else {
                failed++;
            }
        }
    }
}
