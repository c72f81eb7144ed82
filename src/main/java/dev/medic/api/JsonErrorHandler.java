package dev.medic.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error replies (a request it refuses before any route runs: bad URI, header too large,
 * garbled request line, unsupported method or version) in the same {@code {"error": ...}} shape as
 * every other API error, instead of Jetty's HTML page. The message is Jetty's reason, never a stack.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpField JSON_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

  JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
  }

  /** Every error, whatever the client accepts: API clients read JSON. */
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(JSON_TYPE);
    SecurityHeaders.ALWAYS.forEach((name, value) -> response.getHeaders().put(name, value));
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  /** The path Jetty takes for a request it could not even parse. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(JSON_TYPE);
    SecurityHeaders.ALWAYS.forEach(fields::put);
    return ByteBuffer.wrap(body(status, reason));
  }

  static byte[] body(int code, String message) {
    String reason = HttpStatus.getMessage(code);
    String text = message == null || message.isBlank() || message.equals(reason)
        ? reason.toLowerCase(java.util.Locale.ROOT)
        : reason.toLowerCase(java.util.Locale.ROOT) + ": " + message;
    try {
      return JSON.writeValueAsBytes(Map.of("error", text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
