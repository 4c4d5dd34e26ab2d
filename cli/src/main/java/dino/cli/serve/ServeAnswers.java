// The server's answers on the wire: JSON bodies, refusals as one line of JSON (its own and Jetty's), the headers of each.
package dino.cli.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** How {@link SampleServer} writes what it answers; what it answers is the server's. */
final class ServeAnswers {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    static final String JSON = "application/json; charset=utf-8";

    private ServeAnswers() {
    }

    /**
     * JSON with every character outside printable ASCII written as a {@code \\uXXXX} escape, so it can travel in a
     * header: HTTP header values are bytes, and newer JDKs refuse a value with characters beyond Latin-1.
     */
    static String asciiJson(JsonElement json) {
        String raw = GSON.toJson(json);
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A refusal, as one line of JSON; nothing when the answer has begun already (a stream that failed midway). */
    static void error(Response response, Callback callback, int status, String message) {
        if (response.isCommitted()) {
            callback.failed(new IOException("failed after its answer began: " + message));
        } else {
            send(response, callback, false, status, JSON, json(Map.of("error", message)));
        }
    }

    static byte[] json(Object body) {
        return (GSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The whole answer at once; Jetty completes {@code callback} when it is sent. */
    static void send(Response response, Callback callback, boolean head, int status, String type, byte[] body) {
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        if (type.startsWith("text/html")) {
            h.put("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:");
        }
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.setStatus(status);
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), callback);
    }

    /**
     * Jetty's own refusals as one line of JSON, like the server's: a malformed request (400), a request line (414) or
     * headers (431) over the limit, a request while stopping (503), an exception that escaped (500).
     */
    static final class JsonErrors extends ErrorHandler {
        private final int maxHeaderBytes;

        JsonErrors(int maxHeaderBytes) {
            this.maxHeaderBytes = maxHeaderBytes;
        }

        private String message(int status, String reason) {
            switch (status) {
                case 414:
                    return "the request line is longer than " + maxHeaderBytes + " bytes: ask for less in the query";
                case 431:
                    return "the request line and headers are longer than " + maxHeaderBytes + " bytes together";
                case 503:
                    return "the server is stopping";
                case 400:
                    return "bad request" + (reason == null || reason.isEmpty() ? "" : ": " + reason);
                default:
                    return reason == null || reason.isEmpty() ? "status " + status : reason;
            }
        }

        /** A request Jetty's parser refused before there was a request to handle. */
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, JSON);
            return ByteBuffer.wrap(json(Map.of("error", message(status, reason))));
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object code = request.getAttribute(ERROR_STATUS);
            int status = code instanceof Integer i ? i : response.getStatus();
            Object reason = request.getAttribute(ERROR_MESSAGE);
            send(response, callback, request.getMethod().equals("HEAD"), status, JSON,
                    json(Map.of("error", message(status, reason == null ? null : reason.toString()))));
            return true;
        }
    }
}
