package io.resultstore.http;

import io.resultstore.error.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty answers some requests before any route runs (a request line it cannot parse, a URI or headers over its
 * limits, an ambiguous path): those answers get the API's JSON error shape too, instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /** Jetty writes no body for PUT or DELETE errors by default; API clients read the JSON error whatever the method. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(status, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String reason) {
        // 505 is Jetty's answer to a request line without a version it knows: the client's fault, not ours.
        ErrorCode code = status == 505 ? ErrorCode.BAD_REQUEST : ErrorMapper.fromStatus(status);
        // Jetty's reasons name the protocol problem ("URI Too Long"); anything server-side stays generic.
        String message = code.kind() != ErrorCode.Kind.USER ? "internal error"
                : reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        return ErrorMapper.body(code, "bad HTTP request: " + message);
    }
}
