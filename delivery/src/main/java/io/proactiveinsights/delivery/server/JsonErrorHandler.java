package io.proactiveinsights.delivery.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answers to requests it refuses before they reach {@link DeliveryApi} (a NUL or an
 * ambiguous encoded separator in the path, a malformed request line, oversized headers): the same
 * status Jetty chose, but a JSON body like every other error instead of an HTML page, and a fixed
 * message, since Jetty's reason may quote the request target.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(ApiResponse.JSON);
    response.getOutputStream().write(body(code));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, ApiResponse.JSON);
    return ByteBuffer.wrap(body(status));
  }

  private static byte[] body(int status) {
    String message =
        status == 400
            ? "malformed request: the server refused the request line or headers"
            : status == 431 ? "request headers too large" : "request refused (HTTP " + status + ")";
    return Json.write(new DeliveryApi.Error(message));
  }
}
