package io.hedgewatch.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses (a request it cannot parse, an ambiguous URI, a header too large)
 * written as the API's {@code {"error": ...}} instead of Jetty's HTML page, never with a stack.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final String JSON = "application/json; charset=utf-8";

  JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, JSON));
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int code, String message) {
    String reason = HttpStatus.getMessage(code);
    // Jetty's messages name what it could not parse, not a secret nor a stack: keep them.
    String text = message == null || message.isBlank() ? reason : reason + ": " + message;
    return ApiJson.error(text).getBytes(StandardCharsets.UTF_8);
  }
}
